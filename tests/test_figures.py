"""모두가 읽을 수 있는 그림(이슈 10): 그림마다 바로 아래에 '**그림 읽기**:'로 시작하는 설명이 있고, 색은
helpers.PALETTE에서만 가져옵니다('r', 'b', 'k--' 같은 한 글자 색이나 color='gray' 같은 이름을 쓰지 않음).

그림을 그리는 셀은 기록된 출력에 그림(image/png, image/svg+xml)이 있는 코드 셀입니다. 노트북과 풀이 노트북 모두
검사합니다.
"""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
PATHS = [p for d in ("notebooks", "solutions") for p in sorted((ROOT / d).glob("[0-9][0-9]_*.ipynb"))]
IDS = [p.relative_to(ROOT).as_posix() for p in PATHS]
READING = "**그림 읽기**:"
FIGURE_MIME = ("image/png", "image/svg+xml")
# c='k', color='r', ,'b', 'r--' 같은 한 글자 색(인수 자리)
COLOR_LETTER = re.compile(r"""(?:\b(?:c|color)\s*=\s*|,\s*)['"][rgbkcmy](?:--|-\.|-|:|o|s|\*|\.)?['"]""")
# 그림 함수 호출 줄의 'r*', 'k--' 같은 형식 문자열이나 color='gray' 같은 색 이름
PLOT_CALL = re.compile(r"\b(plot|semilogy|semilogx|loglog|scatter|axhline|axvline|plot_history|plot_loss_contour)\(")
PLOT_COLOR = re.compile(r"""(['"])[rgbkcmy](?:[-.:*o^sDv]{0,2})\1|color=(['"])(?!#)[a-z]+\2""")


def figure_cells(nb):
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and any(
            mime in output.get("data", {}) for output in cell.get("outputs", []) for mime in FIGURE_MIME
        ):
            yield i, cell


def color_literals(source):
    found = [m.group(0) for m in COLOR_LETTER.finditer(source)]
    for line in source.splitlines():
        if PLOT_CALL.search(line):
            found += [m.group(0) for m in PLOT_COLOR.finditer(line)]
    return found


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_every_figure_has_a_reading_line_below(path):
    nb = nbformat.read(path, as_version=4)
    missing = []
    for i, cell in figure_cells(nb):
        following = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
        if following is None or following.cell_type != "markdown" or not following.source.startswith(READING):
            missing.append(f"셀 {i}: {cell.source.splitlines()[0]}")
    assert not missing, f"{path.name}: 그림 바로 아래에 '{READING}' 마크다운이 없습니다:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_figures_use_the_palette(path):
    nb = nbformat.read(path, as_version=4)
    found = [
        f"셀 {i}: {lit}" for i, c in enumerate(nb.cells) if c.cell_type == "code" for lit in color_literals(c.source)
    ]
    assert not found, f"{path.name}: helpers.PALETTE의 색을 쓰세요:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ("plt.plot(a, b, 'b')", True),
        ("plt.scatter(x, y, c='k', s=50)", True),
        ("plt.plot(w, l, 'r--', label='접선')", True),
        ("ax.plot(h[:, 0], h[:, 1], color='g')", True),
        ("plt.plot(x, y, 'r*')", True),
        ("plt.axhline(1, color='gray')", True),
        ("plt.scatter(x, y, color=P['black'], s=50)", False),
        ("plt.plot(x, y, '*', color=helpers.PALETTE['black'])", False),
        ("print('b')", False),
        ("plt.plot(a, b, ls='--')", False),
        ("plt.plot(x, y, label='a')", False),
    ],
)
def test_the_color_check_can_fail(source, bad):
    assert bool(color_literals(source)) is bad
