"""노트북 07~11의 그림: 그림마다 바로 아래에 '그림 읽기' 한 줄이 있고, 색은 helpers.PALETTE에서만 가져옵니다."""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
PATHS = [
    p
    for d in ("notebooks", "solutions")
    for p in sorted((ROOT / d).glob("*.ipynb"))
    if p.name[:2] in {"07", "08", "09", "10", "11"}
]
# 'r*', 'b', 'k--' 같은 matplotlib 색 글자나 color='gray' 같은 이름 대신 helpers.PALETTE를 씁니다.
COLOR_LITERAL = re.compile(r"""(['"])[rgbkcmy](?:[-.:*o^sDv]{0,2})\1|color=(['"])(?!#)[a-z]+\2""")
PLOT_CALL = re.compile(r"\b(plot|semilogy|semilogx|loglog|scatter|axhline|axvline|plot_history|plot_loss_contour)\(")


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_every_figure_has_a_reading_line_below(path):
    cells = nbformat.read(path, as_version=4).cells
    for i, cell in enumerate(cells):
        figures = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        if figures:
            below = cells[i + 1] if i + 1 < len(cells) else None
            assert below is not None and below.cell_type == "markdown", (
                f"{path.name} 셀 {i}: 그림 아래에 설명이 없습니다"
            )
            assert below.source.startswith("**그림 읽기**:"), f"{path.name} 셀 {i}: '**그림 읽기**:'로 시작하세요"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_colors_come_from_the_palette(path):
    for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type == "code":
            for line in cell.source.splitlines():
                found = PLOT_CALL.search(line) and COLOR_LITERAL.search(line)
                assert not found, f"{path.name} 셀 {i}: 색 {found.group(0)} 대신 helpers.PALETTE를 쓰세요"


def test_the_color_check_can_fail():
    for bad in ["plt.plot(x, y, 'r*')", "plt.plot(x, y, 'k--')", "plt.axhline(1, color='gray')", "ax.plot(x, 'b')"]:
        assert PLOT_CALL.search(bad) and COLOR_LITERAL.search(bad), bad
    for good in ["plt.plot(x, y, '*', color=helpers.PALETTE['black'])", "plt.plot(x, y, label='a')"]:
        assert not COLOR_LITERAL.search(good), good
