"""Issue 14 #4: a web page in the person's browser cannot drive the emulator or the
sign-in listener (cross-site requests, DNS rebinding)."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.browser import approve
from tests.reliability.figures import Figures
from tests.reliability.test_security_checks import start_browser_sign_in
from tui.emulator import Emulator

EVIL = "http://evil.example"


async def test_cross_site_control_requests_are_refused_and_not_applied(
    emulator: Emulator, control: httpx.AsyncClient, figures: Figures
) -> None:
    fault = b'{"http5xx": 5}'
    # What a page on another site can send without a preflight: text/plain with its Origin.
    forged = await control.post(
        "/faults", content=fault, headers={"Origin": EVIL, "Content-Type": "text/plain"}
    )
    assert forged.status_code == 403
    # Without an Origin (an old browser, a proxy that strips it), text/plain is still refused.
    plain = await control.post("/faults", content=fault, headers={"Content-Type": "text/plain"})
    assert plain.status_code == 415
    form = await control.post("/faults", data={"http5xx": "5"})
    assert form.status_code == 415
    assert emulator.faults.http5xx == 0
    # The emulator's own origin with JSON is the control API working as documented.
    own = await control.post("/faults", json={"http5xx": 1}, headers={"Origin": emulator.url})
    assert own.status_code == 200 and emulator.faults.http5xx == 1
    figures.record(
        "cross-site control API",
        **{"foreign Origin": 403, "text/plain": 415, "form": 415, "faults applied": 0},
    )


async def test_a_foreign_host_is_refused_everywhere(
    emulator: Emulator, control: httpx.AsyncClient, figures: Figures
) -> None:
    # DNS rebinding: evil.example resolves to 127.0.0.1, so the browser sends its name as Host.
    rebound = {"Host": f"evil.example:{urlsplit(emulator.url).port}"}
    statuses = []
    async with httpx.AsyncClient(base_url=emulator.url, timeout=10) as browser:
        for path in ("/_emulator/requests", "/_emulator/calls", "/restapi/oauth/authorize"):
            statuses.append((await browser.get(path, headers=rebound)).status_code)
        forged = await browser.post("/_emulator/faults", json={"http5xx": 5}, headers=rebound)
        statuses.append(forged.status_code)
    assert statuses == [403, 403, 403, 403]
    assert emulator.faults.http5xx == 0
    # The real names of this emulator still work.
    assert (await control.get("/requests")).status_code == 200
    figures.record("DNS rebinding (foreign Host)", **{"requests": 4, "refused": 4})


async def test_sign_in_listener_refuses_a_foreign_host(emulator: Emulator) -> None:
    task, url = await start_browser_sign_in(emulator)
    redirect = urlsplit(parse_qs(urlsplit(url).query)["redirect_uri"][0])
    async with httpx.AsyncClient(timeout=5) as attacker:
        page = await attacker.get(
            f"http://{redirect.netloc}{redirect.path}",
            params={"code": "stolen", "state": "x"},
            headers={"Host": f"evil.example:{redirect.port}"},
        )
    assert page.status_code == 421
    assert not task.done(), "a rebinding page must not end (or spoil) the sign-in"
    # The real redirect still completes the sign-in.
    assert (await approve(url)).status_code == 200
    await (await asyncio.wait_for(task, 10)).aclose()
