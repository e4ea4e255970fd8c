"""유지 관리 도구(course.py, tools/)의 동작: 린트는 두 검사를 모두 하고 코스 환경을 설치하지 않으며,
기록은 저장소 밖의 노트북도 다루고, 배포 점검은 자리표시 설정·동기화·없는 ref를 막습니다.
"""

import subprocess
from pathlib import Path

import nbformat
import pytest

import course
from tools import colab, notebooks

ROOT = Path(__file__).resolve().parents[1]


def test_lint_runs_the_format_check_even_when_check_fails(monkeypatch, tmp_path):
    calls = []
    ruff = tmp_path / "bin" / "ruff"
    ruff.parent.mkdir()
    ruff.write_text("")
    monkeypatch.setattr(course, "venv_python", lambda: tmp_path / "bin" / "python")
    monkeypatch.setattr(course, "setup", lambda: pytest.fail("lint이 코스 환경(torch)을 설치하려 했습니다"))

    def fake_run(cmd, **kwargs):
        calls.append([str(c) for c in cmd][1:])
        return 1 if cmd[1] == "check" else 0

    monkeypatch.setattr(course, "run", fake_run)
    assert course.main(["lint"]) == 1
    assert [c[0] for c in calls] == ["--version", "check", "format"]
    assert calls[-1] == ["format", "--check"]


def test_lint_installs_only_ruff(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(course, "venv_python", lambda: tmp_path / "bin" / "python")
    monkeypatch.setattr(course, "ensure_venv", lambda: tmp_path / "bin" / "python")
    monkeypatch.setattr(course, "setup", lambda: pytest.fail("lint이 코스 환경(torch)을 설치하려 했습니다"))
    monkeypatch.setattr(course, "run", lambda cmd, **kw: calls.append([str(c) for c in cmd]) or 0)
    course.main(["lint"])
    installs = [c for c in calls if "install" in c]
    assert len(installs) == 1 and installs[0][-1].startswith("ruff==") and "-r" not in installs[0]


def test_ruff_paths_live_only_in_pyproject():
    for path in ("course.py", ".github/workflows/ci.yml"):
        text = (ROOT / path).read_text(encoding="utf-8")
        assert "tools tests notebooks" not in text and '"tools", "tests"' not in text, path


def tiny_notebook(path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("import os\nprint(os.environ['OMP_NUM_THREADS'])")]
    nbformat.write(nb, path)


def test_record_outside_the_repository(tmp_path, capsys):
    path = tmp_path / "바깥.ipynb"
    tiny_notebook(path)
    assert notebooks.record([path]) == 0
    assert f"기록: {path}" in capsys.readouterr().out
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].outputs[0].text == "1\n"  # 결정적 환경(스레드 1개)에서 실행했습니다.


def test_record_refuses_what_is_not_a_notebook(tmp_path, capsys):
    assert notebooks.record([tmp_path / "없음.ipynb"]) == 2
    assert "기록할 노트북이 아닙니다" in capsys.readouterr().err


def test_no_tool_imports_course_py():
    for path in [*(ROOT / "tools").glob("*.py"), *(ROOT / "tests" / "e2e").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "import course" not in text and "course.py\", \"_record" not in text, path
    assert "_record" not in (ROOT / "course.py").read_text(encoding="utf-8")


def test_clean_metadata_keeps_only_what_collapses_the_setup_cell():
    nb = nbformat.v4.new_notebook()
    nb.metadata.update(colab={"name": "x"}, kernelspec={"name": "python3"})
    setup = nbformat.v4.new_code_cell("#@title 코스 준비")
    setup.metadata.update(cellView="form", jupyter={"source_hidden": True, "outputs_hidden": False}, colab={"id": 1})
    other = nbformat.v4.new_code_cell("1")
    other.metadata.update(tags=["raises-exception"], scrolled=True, executionInfo={"t": 1})
    nb.cells = [setup, other]
    notebooks.clean_metadata(nb)
    assert nb.metadata == {"kernelspec": {"name": "python3"}, "language_info": {"name": "python"}}
    assert setup.metadata == {"cellView": "form", "jupyter": {"source_hidden": True}}
    assert other.metadata == {"tags": ["raises-exception"]}


# ------------------------------------------------------------------ 배포 점검


def release_copy(tmp_path, github=None, tag=None):
    """저장소 설정·README·노트북을 복사한 임시 git 저장소(원하면 set-repo와 태그까지)."""
    for name in ("pyproject.toml", "README.md"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    for folder in ("notebooks", "solutions"):
        (tmp_path / folder).mkdir()
        for path in (ROOT / folder).glob("*.ipynb"):
            (tmp_path / folder / path.name).write_bytes(path.read_bytes())
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    if github:
        colab.set_repo(tmp_path, github)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "t"], check=True)
    if tag:
        subprocess.run([*git, "tag", tag], check=True)
    return tmp_path


def test_release_check_refuses_the_placeholder(tmp_path):
    root = release_copy(tmp_path, tag="v1.0")
    problems = colab.release_check(root)
    assert len(problems) == 1 and "자리표시(OWNER/pytorch-dl-ch3)" in problems[0] and "set-repo" in problems[0]


def test_release_check_needs_the_ref_in_git(tmp_path):
    root = release_copy(tmp_path, github="someone/course")
    problems = colab.release_check(root)
    assert len(problems) == 1 and "'v1.0'가 이 git 저장소에 없습니다" in problems[0] and "git tag v1.0" in problems[0]


def test_release_check_needs_notebooks_in_sync(tmp_path):
    root = release_copy(tmp_path, github="someone/course", tag="v1.0")
    assert colab.release_check(root) == []
    readme = root / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("someone/course", "OWNER/pytorch-dl-ch3"), "utf-8")
    assert any("README.md" in p for p in colab.release_check(root))


def test_release_check_command_exit_codes(tmp_path, monkeypatch, capsys):
    assert colab.main(["release-check"]) == 1  # 이 저장소의 설정은 아직 자리표시입니다.
    assert "배포할 수 없습니다" in capsys.readouterr().out
    monkeypatch.setattr(colab, "ROOT", release_copy(tmp_path, github="someone/course", tag="v1.0"))
    assert colab.main(["release-check"]) == 0
    assert "배포할 수 있습니다: someone/course @ v1.0" in capsys.readouterr().out


def test_recording_keeps_the_widget_fallback_text_not_the_view():
    """위젯 상태는 저장하지 않으므로 위젯 화면 출력(실행마다 바뀌는 model_id) 대신 글을 남깁니다."""
    cell = nbformat.v4.new_code_cell("helpers.lr_explorer(X, Y)")
    view = {"version_major": 2, "version_minor": 0, "model_id": "0f3a"}
    cell.outputs = [
        nbformat.v4.new_output("display_data", {notebooks.WIDGET_VIEW: view, "text/plain": "학습률 슬라이더"}),
        nbformat.v4.new_output("display_data", {"image/png": "iVBOR", "text/plain": "<Figure>"}),
    ]
    notebooks.drop_widget_views(cell)
    assert cell.outputs[0].data == {"text/plain": "학습률 슬라이더"}
    assert cell.outputs[1].data == {"image/png": "iVBOR", "text/plain": "<Figure>"}
