"""Colab 맞춤 점검(tools/colab_check.py)의 규칙: 기록된 목록 읽기, Colab 버전으로 만들 환경의 계획, 허용 차이의 판정.

실제 점검(Colab 버전 환경에서 모든 노트북 실행)은 `python3 course.py colab-check`로 .ci/run과 ci.yml의 colab 작업이
돌립니다(몇 분, torch 약 4.9 GB). 여기서는 그 판단들이 맞는지를 작은 입력으로 봅니다.
"""

import tomllib
from pathlib import Path

import nbformat
import pytest

from tools import colab_check, project

ROOT = Path(__file__).resolve().parents[1]
FREEZE = """\
# Do not modify this file directly
ipywidgets==7.7.1
numpy==2.1.3
nvidia-nccl-cu13==2.31.2
pip==24.1.2
torch @ https://wheels.example/whl/cpu/torch-2.11.0%2Bcpu-cp313-cp313-manylinux_2_28_x86_64.whl
traitlets==5.7.1
"""


def runtime(name="test", freeze=FREEZE):
    return colab_check.Runtime(name, name, "3.13", "3.13.15", colab_check.parse_freeze(freeze))


def test_recorded_runtimes_have_source_date_and_python():
    table = tomllib.loads((ROOT / "colab" / "runtimes.toml").read_text(encoding="utf-8"))
    for entry in table["runtime"]:
        assert entry["source"].startswith("https://github.com/googlecolab/backend-info")
        assert len(entry["retrieved"]) == 10
    found = {r.name: r for r in colab_check.recorded_runtimes()}
    assert found["2026-08-19"].python == "3.13" and found["2026.07"].python == "3.12"
    assert colab_check.version_of(found["2026-08-19"].freeze["torch"]) == "2.11.0+cpu"
    assert colab_check.version_of(found["2026-08-19"].freeze["ipywidgets"]) == "7.7.1"
    assert colab_check.version_of(found["2026.07"].freeze["numpy"]) == "2.0.2"


def test_colab_setuptools_can_build_the_course():
    """Colab의 첫 셀은 pip install git+…로 코스를 빌드합니다. pyproject의 build-system이 요구하는 setuptools를
    Colab의 setuptools가 채워야 합니다(PEP 639의 license 문자열은 setuptools 77부터라 Colab의 75.2.0에서 실패)."""
    from packaging.requirements import Requirement

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [Requirement(r) for r in pyproject["build-system"]["requires"]]
    assert "license" not in pyproject["project"], "project.license(PEP 639)는 Colab의 setuptools가 읽지 못합니다"
    for runtime in colab_check.recorded_runtimes():
        have = colab_check.version_of(runtime.freeze["setuptools"])
        for requirement in wanted:
            assert requirement.name != "setuptools" or requirement.specifier.contains(have), (runtime.name, have)


def test_parse_os_info_refuses_a_file_without_python():
    assert colab_check.parse_os_info("Ubuntu 22.04.5 LTS\nPython 3.13.15\n") == ("3.13", "3.13.15")
    with pytest.raises(SystemExit, match="Python 3.X.Y"):
        colab_check.parse_os_info("Ubuntu 22.04.5 LTS\n")


def test_plan_uses_colab_versions_and_installs_nothing_the_first_cell_must():
    wanted, constraints, notes = colab_check.plan(runtime(), probe=lambda url: True)
    assert wanted[0] == "pip==24.1.2"
    assert "numpy==2.1.3" in wanted and "ipywidgets==7.7.1" in wanted
    assert any(w.startswith("torch @ https://") for w in wanted)  # Colab과 같은 CPU 휠
    assert not any(w.startswith(("torchviz", "koreanize-matplotlib")) for w in wanted)  # 첫 셀이 설치합니다.
    assert "graphviz-pure==0.2.2" in wanted and any("graphviz-pure" in n and "dot" in n for n in notes)
    assert "nvidia-nccl-cu13==2.31.2" in constraints  # CPU 휠이면 Colab의 목록 그대로 묶습니다.
    assert not any("@" in c for c in constraints)


def test_plan_falls_back_to_the_default_index_and_frees_cuda_packages():
    wanted, constraints, notes = colab_check.plan(runtime(), probe=lambda url: False)
    assert "torch==2.11.0" in wanted
    assert "nvidia-nccl-cu13==2.31.2" not in constraints
    assert any("기본 색인" in n for n in notes)


def test_fingerprint_changes_with_the_list_and_the_interpreter():
    wanted, constraints, _ = colab_check.plan(runtime(), probe=lambda url: True)
    key = colab_check.fingerprint("3.13.0", wanted, constraints)
    assert key == colab_check.fingerprint("3.13.0", list(reversed(wanted)), constraints)
    assert key != colab_check.fingerprint("3.13.1", wanted, constraints)
    newer = colab_check.plan(runtime(freeze=FREEZE.replace("2.1.3", "2.1.4")), probe=lambda url: True)
    assert key != colab_check.fingerprint("3.13.0", newer[0], newer[1])


def test_version_problems_name_every_package_not_at_colab_version():
    have = {"numpy": "2.1.3", "ipywidgets": "8.1.9", "torch": "2.11.0+cu130", "nvidia-nccl-cu13": "2.28", "rich": "1"}
    assert colab_check.version_problems(runtime(), have) == ["ipywidgets 8.1.9: Colab은 7.7.1입니다"]


def test_find_python_says_how_to_get_the_missing_version(monkeypatch, tmp_path):
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SystemExit, match="pyenv install 3.99"):
        colab_check.find_python("3.99")


def optimizer_notebook(tmp_path, says):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# 07\n\n{says}"), nbformat.v4.new_code_cell("print(optimizer)")]
    path = tmp_path / "notebooks" / "07_optimizer.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    return path


ENTRY = {
    "notebook": "notebooks/07_optimizer.ipynb",
    "cell": "n07-11",
    "runtimes": ["test"],
    "recorded": ["stdout:     new_option: False"],
    "colab": [],
    "why": "torch 2.11의 SGD에는 그 설정이 없습니다.",
    "notebook_says": "torch 버전에 따라 설정 목록의 줄이 다를 수 있습니다.",
}


def test_judge_allows_only_listed_differences_that_the_notebook_states(tmp_path):
    optimizer_notebook(tmp_path, ENTRY["notebook_says"])
    same = colab_check.Difference(ENTRY["notebook"], "n07-11", ["stdout:     new_option: False"], [])
    other = colab_check.Difference(ENTRY["notebook"], "n07-11", ["stdout:     new_option: False"], ["stdout: x"])
    ok, problems = colab_check.judge([same], runtime(), [ENTRY], tmp_path)
    assert [d for d, _ in ok] == [same] and problems == []
    ok, problems = colab_check.judge([other], runtime(), [ENTRY], tmp_path)
    assert ok == [] and problems[0].startswith("목록에 없는 차이")
    ok, problems = colab_check.judge([same], runtime("other-runtime"), [ENTRY], tmp_path)
    assert ok == [] and len(problems) == 1  # 다른 런타임에는 적용하지 않습니다.


def test_judge_fails_when_the_notebook_does_not_say_it(tmp_path):
    optimizer_notebook(tmp_path, "아무 말도 하지 않는 노트북")
    same = colab_check.Difference(ENTRY["notebook"], "n07-11", ["stdout:     new_option: False"], [])
    ok, problems = colab_check.judge([same], runtime(), [ENTRY], tmp_path)
    assert len(ok) == 1 and "노트북이 말하지 않습니다" in problems[0] and ENTRY["notebook_says"] in problems[0]


def test_an_allowed_difference_that_no_longer_happens_is_reported():
    entry = dict(ENTRY, _checked=["test"])
    assert colab_check.stale([entry], [runtime()], used=set())
    assert not colab_check.stale([entry], [runtime()], used={id(entry)})


def test_differences_compare_printed_text_with_the_nbval_sanitizer():
    old = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    new = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    old.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="at 0x7f00aa11bb22\nW = 1.820683\n")]
    new.cells[0].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="at 0x55dd00112233\n"),
        nbformat.v4.new_output("stream", name="stdout", text="W = 1.820683\n"),  # 나뉜 스트림도 같음
    ]
    assert colab_check.differences("n.ipynb", old, new) == []
    new.cells[0].outputs[1].text = "W = 1.820684\n"
    (diff,) = colab_check.differences("n.ipynb", old, new)
    assert diff.recorded == ["stdout: W = 1.820683"] and diff.colab == ["stdout: W = 1.820684"]


def test_allowed_differences_file_is_complete():
    for entry in colab_check.load_allowed():
        assert entry["why"].strip() and entry["notebook_says"].strip()
        assert (ROOT / entry["notebook"]).is_file()
        assert entry["runtimes"], entry


def test_setup_source_is_the_notebooks_real_first_cell():
    from tools import colab

    assert colab_check.project_setup_source() == colab.bootstrap_source(*project.settings(ROOT))
