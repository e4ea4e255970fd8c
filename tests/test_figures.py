"""모두가 읽을 수 있는 그림(이슈 10): 그림마다 바로 아래에 '**그림 읽기**:'로 시작하는 설명이 있고, 색은
helpers.PALETTE에서만 가져옵니다('r', 'b', 'k--' 같은 한 글자 색이나 color='gray' 같은 이름을 쓰지 않음).

그림을 그리는 셀은 기록된 출력에 그림(image/png, image/svg+xml)이 있는 코드 셀입니다. 노트북과 풀이 노트북 모두
검사합니다.
"""

import re
from pathlib import Path

import nbformat
import pytest

from tools import project

ROOT = Path(__file__).resolve().parents[1]
PATHS = project.notebook_paths()
IDS = [project.relpath(p) for p in PATHS]
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


# ------------------------------------------------------------------ 모든 그림의 같은 모양(helpers.setup_style)

# 노트북 코드가 크기·해상도·글자 크기를 따로 정하면 그림마다 모양이 달라집니다.
# 그런 설정은 helpers.STYLE 한 곳에 둡니다.
OWN_STYLE = re.compile(r"\bdpi\s*=|fontsize\s*=|rcParams|plt\.figure\([^)]*figsize|plt\.rc\(")


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_figures_take_size_dpi_and_fonts_from_setup_style(path):
    nb = nbformat.read(path, as_version=4)
    found = [
        f"셀 {i}: {line.strip()}"
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code"
        for line in c.source.splitlines()
        if OWN_STYLE.search(line)
    ]
    assert not found, (
        f"{path.name}: 그림의 크기·해상도·글자 크기는 helpers.setup_style(STYLE)에 맡기세요:\n" + "\n".join(found)
    )


def test_setup_applies_the_course_style():
    import matplotlib

    import helpers

    helpers.setup()
    for key, value in helpers.STYLE.items():
        assert matplotlib.rcParams[key] == (list(value) if isinstance(value, tuple) else value), key
    cycle = matplotlib.rcParams["axes.prop_cycle"].by_key()
    assert cycle["color"] == list(helpers.PALETTE.values())
    assert len(set(map(str, cycle["linestyle"]))) == len(cycle["linestyle"])  # 색마다 다른 선 모양
    assert matplotlib.rcParams["font.family"][0] == helpers.COURSE_FONT


# 색각 이상 시뮬레이션(Machado, Oliveira, Fernandes 2009, 정도 1.0)과 CIELAB 색차 ΔE76.
CVD = {
    "정상": [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
    "1형(적색맹)": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "2형(녹색맹)": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
}
MIN_DELTA_E = 20  # 주홍과 주황은 2형에서 18.3으로 이보다 가깝습니다(그래서 한 그림의 처음 네 색에 함께 두지 않습니다).


def delta_e(color1, color2, matrix):
    import numpy as np

    def lab(hex_color):
        srgb = np.array([int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)])
        linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
        linear = np.clip(np.array(matrix) @ linear, 0, 1)
        xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
        t = xyz / np.array([0.95047, 1.0, 1.08883])
        f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
        return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])

    return float(np.linalg.norm(lab(color1) - lab(color2)))


def closest_pair(colors):
    import itertools

    return min(
        (delta_e(a, b, matrix), name, a, b)
        for name, matrix in CVD.items()
        for a, b in itertools.combinations(colors, 2)
    )


def test_first_four_curve_colors_stay_apart_for_colour_blind_readers():
    import helpers

    first_four = list(helpers.PALETTE.values())[:4]
    distance, vision, a, b = closest_pair(first_four)
    assert distance >= MIN_DELTA_E, f"{vision}에서 {a}와 {b}의 색차가 {distance:.1f}입니다."


def test_the_colour_check_can_fail():
    import helpers

    P = helpers.PALETTE
    distance, vision, _, _ = closest_pair([P["blue"], P["vermillion"], P["green"], P["orange"]])
    assert distance < MIN_DELTA_E and vision == "2형(녹색맹)"
