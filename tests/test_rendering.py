"""계산 그래프와 한글 그래프가 시스템 패키지(Graphviz, 한글 글꼴) 없이도 제대로 그려지는지 확인합니다."""

import os
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib
import pytest

import helpers

LOSS_GRAPH_NODES = [
    "W",
    "B",
    "AccumulateGrad",
    "MulBackward0",
    "AddBackward0",
    "SubBackward0",
    "PowBackward0",
    "MeanBackward0",
]


@pytest.fixture
def no_system_dot(monkeypatch, tmp_path):
    """PATH에 dot도, 가상 환경의 bin/도 없는 커널처럼 만듭니다."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("COURSE_GRAPHVIZ", "auto")
    helpers.setup()


def loss_graph():
    _, _, X, Y = helpers.prepare_data()
    W, B = helpers.init_params()
    loss = helpers.mse(helpers.pred(X, W, B), Y)
    return helpers.make_graph(loss, params={"W": W, "B": B})


def test_falls_back_to_graphviz_pure(no_system_dot):
    dot = helpers.find_dot()
    assert dot.name.startswith("graphviz-pure")
    assert dot.parent == Path(sys.executable).parent


def test_loss_graph_nodes_and_svg(no_system_dot, capfd):
    g = loss_graph()
    for node in LOSS_GRAPH_NODES:
        assert node in g.source
    svg = g.pipe(format="svg").decode()
    captured = capfd.readouterr()
    assert captured.err == ""  # 글꼴 경고 등 stderr 출력이 없어야 합니다.
    for node in LOSS_GRAPH_NODES:
        assert f">{node}</text>" in svg
    assert 'font-family="Courier' in svg and 'font-family="monospace"' not in svg


def test_loss_graph_renders_png(no_system_dot, tmp_path, capfd):
    out = loss_graph().render(tmp_path / "loss", format="png")
    data = Path(out).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000
    assert capfd.readouterr().err == ""


def test_labels_fit_in_their_boxes(no_system_dot):
    """글자 폭을 아는 글꼴이면 가장 긴 라벨(AccumulateGrad)도 상자 안에 들어갑니다."""
    import re

    svg = loss_graph().pipe(format="svg").decode()
    for node in re.findall(r'<g id="node\d+" class="node">(.*?)</g>', svg, re.S):
        xs = [float(v) for v in re.findall(r"(-?[\d.]+),-?[\d.]+", re.search(r'points="([^"]+)"', node).group(1))]
        width = max(xs) - min(xs)
        for text in re.findall(r'font-size="10.00">([^<]*)<', node):
            # Courier 10pt의 글자 폭은 6pt입니다.
            assert len(text) * 6.0 <= width + 0.5, (text, width)


def test_system_dot_is_preferred(monkeypatch, tmp_path):
    fake = tmp_path / ("dot.exe" if os.name == "nt" else "dot")  # 윈도우는 확장자로 실행 파일을 찾습니다.
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("COURSE_GRAPHVIZ", "auto")
    assert helpers.find_dot() == fake
    monkeypatch.setenv("COURSE_GRAPHVIZ", "pure")
    assert helpers.find_dot().name.startswith("graphviz-pure")


def render_korean_figure(tmp_path):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([-2, -1, 0, 1], [3, -1, 2, 0])
    ax.set_title("학습 곡선(손실)")
    ax.set_xlabel("반복 횟수")
    ax.set_ylabel("손실")
    ax.text(0, 0, "신장과 체중의 상관 직선 −1")
    fig.savefig(tmp_path / "korean.png")
    plt.close(fig)


def test_korean_plot_has_no_missing_glyphs(tmp_path):
    matplotlib.use("Agg")
    helpers.setup()
    from matplotlib import font_manager

    found = font_manager.findfont(font_manager.FontProperties(family=matplotlib.rcParams["font.family"]))
    assert Path(found).name == "NanumGothicCourse.ttf"  # 빼기 기호를 더한 나눔고딕 사본
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing" 경고가 나면 실패합니다.
        render_korean_figure(tmp_path)
    assert matplotlib.rcParams["axes.unicode_minus"]  # 빼기 기호는 진짜 − (U+2212)


def test_math_text_has_minus_signs_and_hangul(tmp_path):
    """로그 눈금(10⁻¹)과 '$x$: 신장(cm)' 같은 수식 글자는 목록의 첫 글꼴만 씁니다.

    그 글꼴에 −나 한글이 없으면 빈 네모가 나옵니다.
    """
    import logging

    import matplotlib.pyplot as plt

    matplotlib.use("Agg")
    helpers.setup()
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger("matplotlib.mathtext").addHandler(handler)
    try:
        fig, ax = plt.subplots()
        ax.semilogy([1, 2, 3], [1e-3, 1e-1, 10])
        ax.set_xlabel("$x$: 신장(cm) − 평균")
        fig.savefig(tmp_path / "log.png")
        plt.close(fig)
    finally:
        logging.getLogger("matplotlib.mathtext").removeHandler(handler)
    assert not [r.getMessage() for r in records if "does not have a glyph" in r.getMessage()]


def test_without_setup_korean_is_broken(tmp_path):
    """대조 실험: setup 없이 그리면 경고가 납니다(위 테스트가 실패할 수 있다는 증거)."""
    code = (
        "import matplotlib, warnings; matplotlib.use('Agg')\n"
        "from tests.test_rendering import render_korean_figure\n"  # 저장소 폴더(cwd)에서: python -c는 cwd를 찾습니다
        "from pathlib import Path\n"
        "with warnings.catch_warnings(record=True) as w:\n"
        "    warnings.simplefilter('always')\n"
        f"    render_korean_figure(Path({str(tmp_path)!r}))\n"
        "print(any('missing' in str(x.message) for x in w))\n"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"}
    )
    assert out.stdout.strip() == "True", out.stderr
