"""Generate screenshots/*.svg and *.png from the snapshot tests' scenes (tests/app/scenes.py).

    /work/venv/bin/python scripts/screenshots.py [--size 120x32] [--out screenshots]

SVG comes from Textual's `save_screenshot`; PNG from `rsvg-convert` (Debian/Ubuntu:
`apt-get install librsvg2-bin`) or, if installed, `cairosvg`. Without either, only SVGs
are written and the script says so.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.app.scenes import SCENES, snapshot_app  # noqa: E402

# Rich's SVG asks for Fira Code from a CDN; offline renderers fall back to a proportional font.
FONT = ("font-family: Fira Code, monospace", "font-family: DejaVu Sans Mono, monospace")
CELL = 12.2  # width of one terminal cell in Rich's SVG export
LEADING = re.compile(
    r'<text([^>]*?) x="([\d.]+)"([^>]*?) textLength="([\d.]+)"([^>]*)>((?:&#160;)+)'
)


def _shift_leading_spaces(svg: str) -> str:
    """Move leading non-breaking spaces into `x`: librsvg drops them and shifts text left."""

    def shift(match: re.Match[str]) -> str:
        before, x, middle, length, after, spaces = match.groups()
        count = spaces.count("&#160;")
        return (
            f'<text{before} x="{float(x) + count * CELL:g}"{middle} '
            f'textLength="{max(0.0, float(length) - count * CELL):g}"{after}>'
        )

    return LEADING.sub(shift, svg)


def png_ready_svg(svg: str) -> str:
    """The SVG adjusted for offline PNG renderers (monospace font, leading spaces)."""
    return _shift_leading_spaces(svg.replace(*FONT))


def to_png(svg_path: Path, png_path: Path, width: int) -> bool:
    """Render one SVG to PNG; False when no renderer is installed."""
    fixed = svg_path.with_suffix(".render.svg")
    fixed.write_text(png_ready_svg(svg_path.read_text(encoding="utf-8")), encoding="utf-8")
    try:
        if shutil.which("rsvg-convert"):
            subprocess.run(
                ["rsvg-convert", "-w", str(width), str(fixed), "-o", str(png_path)], check=True
            )
            return True
        try:
            import cairosvg
        except ImportError:
            return False
        cairosvg.svg2png(url=str(fixed), write_to=str(png_path), output_width=width)
        return True
    finally:
        fixed.unlink(missing_ok=True)


async def capture(name: str, size: tuple[int, int], out: Path) -> Path:
    """Run one scene headlessly and save its SVG."""
    app = snapshot_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await SCENES[name](pilot)
        await pilot.pause()
        return Path(app.save_screenshot(f"{name}.svg", path=str(out)))


def main(argv: list[str] | None = None) -> int:
    """Write every scene as SVG and PNG."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="120x32", help="terminal size, COLSxROWS")
    parser.add_argument("--out", type=Path, default=REPO / "screenshots")
    parser.add_argument("--png-width", type=int, default=1400)
    args = parser.parse_args(argv)
    columns, rows = (int(part) for part in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    missing_renderer = False
    for name in SCENES:
        svg = asyncio.run(capture(name, (columns, rows), args.out))
        if not to_png(svg, svg.with_suffix(".png"), args.png_width):
            missing_renderer = True
        print(f"wrote {svg.relative_to(args.out.parent) if args.out.is_relative_to(REPO) else svg}")
    if missing_renderer:
        print("no PNG renderer: install librsvg2-bin (rsvg-convert) or cairosvg", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
