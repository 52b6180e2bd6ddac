"""An emulator process that keeps its app credentials across restarts.

`calldeck emulator` makes new random credentials on every start, so a client could not
sign in again after a restart; RingCentral's apps and JWTs of course survive a server
restart. This runs the same `Emulator` on a given port with the credentials kept in a file
(created 0600 on the first run). Everything else starts empty, as after a crash: no
tokens, no subscriptions, no calls.

    python -m tests.reliability.restartable_emulator PORT APPS_FILE
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from dataclasses import asdict
from pathlib import Path

from tui.emulator import Emulator, EmulatorConfig
from tui.emulator.apps import Apps
from tui.emulator.runner import write_credentials


async def serve(port: int, apps_file: Path) -> int:
    """Serve on 127.0.0.1:`port` with the apps in `apps_file` until SIGTERM."""
    emulator = Emulator(EmulatorConfig(port=port))
    if apps_file.exists():
        emulator.apps = Apps(**json.loads(apps_file.read_text()))
    else:
        write_credentials(str(apps_file), asdict(emulator.apps))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    await emulator.start()
    try:
        print(json.dumps(emulator.credentials), flush=True)
        await stop.wait()
    finally:
        await emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(serve(int(sys.argv[1]), Path(sys.argv[2]))))
