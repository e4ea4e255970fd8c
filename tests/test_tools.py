"""유지 관리 도구(course.py, tools/)의 동작: 명령 표와 도움말, 알 수 없는 명령, 복사할 수 있는 명령 줄,
설치하지 않는 명령, 린트는 두 검사를 모두 하고 코스 환경을 설치하지 않으며, 기록은 저장소 밖의 노트북도 다루고,
배포 점검은 자리표시 설정·동기화·없는 ref를 막습니다.
"""

import os
import platform
import shlex
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

import nbformat
import pytest

import course
from tools import browser, colab, colab_check, devtool, drift, environment, notebooks, pins, project
from tools import site as site_tool

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------ 명령 표


def test_help_is_generated_from_the_command_table(capsys):
    assert course.main(["help"]) == 0
    text = capsys.readouterr().out
    for command in course.COMMANDS:
        assert f"python3 course.py {command.name}" in text and command.summary in text
    never = [line for line in text.splitlines() if "(코스 환경을 설치하지 않음)" in line]
    assert len(never) == sum(c.environment == course.NEVER for c in course.COMMANDS)
    assert course.main([]) == 0


def test_the_commands_that_need_no_course_environment():
    never = {c.name for c in course.COMMANDS if c.environment == course.NEVER}
    assert never == {"doctor", "lint", "release-check"}
    assert {c.environment for c in course.COMMANDS} == {course.NEEDED, course.NEVER, "installs"}


@pytest.mark.parametrize("command", course.COMMANDS, ids=lambda c: c.name)
def test_main_installs_only_for_commands_that_need_it(command, monkeypatch):
    ensured = []
    monkeypatch.setattr(environment, "ensure", lambda lay: ensured.append(lay))
    monkeypatch.setitem(course.BY_NAME, command.name, command._replace(action=lambda args: 7))
    assert course.main([command.name, *(["인수"] if command.args else [])]) == 7
    assert len(ensured) == (command.environment == course.NEEDED)


@pytest.mark.parametrize("name", ["setup", "doctor", "release-check"])
def test_an_argument_a_command_does_not_take_is_a_korean_error(name, monkeypatch, capsys):
    monkeypatch.setattr(environment, "ensure", lambda *a, **k: pytest.fail("설치하려 했습니다"))
    monkeypatch.setitem(course.BY_NAME, name, course.BY_NAME[name]._replace(action=lambda args: pytest.fail(args)))
    assert course.main([name, "--force"]) == 2
    err = capsys.readouterr().err
    assert f"{name} 명령은 인수를 받지 않습니다(받은 것: --force)" in err and f"python3 course.py {name}" in err


@pytest.mark.parametrize(
    ("typed", "suggested"), [("labb", "lab"), ("tset", "test"), ("docter", "doctor"), ("setp", "setup")]
)
def test_an_unknown_command_says_so_and_suggests_the_closest(typed, suggested, capsys):
    assert course.main([typed]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"알 수 없는 명령: {typed!r}.")
    assert f"혹시 `python3 course.py {suggested}`인가요?" in err


def test_an_unknown_command_without_a_close_one(capsys):
    assert course.main(["엉뚱한것"]) == 2
    err = capsys.readouterr().err
    assert "알 수 없는 명령" in err and "혹시" not in err and "python3 course.py help" in err


def test_stopping_a_command_prints_its_one_line(monkeypatch, capsys):
    def stopped(args):
        raise KeyboardInterrupt

    monkeypatch.setitem(course.BY_NAME, "test", course.BY_NAME["test"]._replace(action=stopped))
    monkeypatch.setattr(environment, "ensure", lambda lay: None)
    assert course.main(["test"]) == 130
    assert capsys.readouterr().out.strip() == "테스트를 멈췄습니다."
    monkeypatch.setitem(course.BY_NAME, "lab", course.BY_NAME["lab"]._replace(action=stopped))
    assert course.main(["lab"]) == 0  # JupyterLab은 Ctrl-C로 닫는 것이 보통입니다
    assert "JupyterLab을 닫았습니다" in capsys.readouterr().out


def test_a_stop_during_the_install_of_lab_is_a_setup_stop(monkeypatch, capsys):
    def interrupted(lay):
        raise project.Terminated

    monkeypatch.setattr(environment, "ensure", interrupted)
    assert course.main(["lab"]) == 143
    assert "설치를 멈췄습니다" in capsys.readouterr().out


def test_an_unexpected_error_is_one_korean_line_not_a_traceback(monkeypatch, capsys):
    def broken(args):
        raise RuntimeError("시험용 고장")

    monkeypatch.setitem(course.BY_NAME, "doctor", course.BY_NAME["doctor"]._replace(action=broken))
    monkeypatch.delenv("COURSE_DEBUG", raising=False)
    assert course.main(["doctor"]) == 1
    err = capsys.readouterr().err
    assert "예상하지 못한 오류" in err and "RuntimeError: 시험용 고장" in err and "Traceback" not in err


# ------------------------------------------------------------------ 명령 줄 보여 주기와 실행


def test_echoed_commands_can_be_copied(capsys, tmp_path):
    spaced = tmp_path / "공백 있는 폴더"
    spaced.mkdir()
    cmd = [sys.executable, "-c", "import sys; print(sys.argv[1])", str(spaced)]
    assert project.run(cmd) == 0
    echoed = capsys.readouterr().out.splitlines()[0]
    assert echoed.startswith("+ ") and shlex.split(echoed[2:]) == cmd
    done = subprocess.run(echoed[2:], shell=True, capture_output=True, text=True)  # 붙여 넣으면 그대로 실행됩니다
    assert done.stdout.strip() == str(spaced)


def test_echoed_commands_use_windows_quoting_on_windows():
    python = PureWindowsPath(r"C:\Users\학습자\내 코스\.venv\Scripts\python.exe")
    shown = project.shown_command([python, "-m", "jupyter", "lab"], windows=True)
    assert shown == r'"C:\Users\학습자\내 코스\.venv\Scripts\python.exe" -m jupyter lab'


def test_a_missing_program_is_a_korean_line_not_a_traceback(tmp_path, capsys):
    assert project.run([tmp_path / "없는 프로그램"], quiet=True) == 127
    assert "실행하지 못했습니다" in capsys.readouterr().err


def test_run_can_hand_each_output_line_to_a_function():
    lines = []
    code = project.run([sys.executable, "-c", "print('하나'); print('둘'); raise SystemExit(3)"], quiet=True,
                       output=lines.append, own_group=True)  # fmt: skip
    assert code == 3 and lines == ["하나\n", "둘\n"]


def test_stopping_a_process_group_on_windows_ends_the_whole_tree(monkeypatch):
    """윈도우에는 프로세스 그룹 신호가 없어 taskkill /T로 pip이 띄운 프로세스까지 끝냅니다(부모가 살아 있을 때)."""
    calls = []

    class Running:
        pid = 4321

        def poll(self):
            return None

        def terminate(self):
            calls.append("terminate")

    monkeypatch.setattr(project.subprocess, "run", lambda cmd, **kw: calls.append(cmd))
    project._terminate(Running(), tree=True, windows=True)
    assert calls == [["taskkill", "/T", "/F", "/PID", "4321"]]
    calls.clear()
    project._terminate(Running(), tree=False, windows=True)
    assert calls == ["terminate"]


def test_lab_without_geteuid_as_on_windows(monkeypatch):
    monkeypatch.delattr(os, "geteuid", raising=False)
    assert course.is_root() is False
    assert "--allow-root" not in course.lab_command([])
    monkeypatch.setattr(os, "geteuid", lambda: 0, raising=False)
    assert course.lab_command(["--no-browser"])[-2:] == ["--allow-root", "--no-browser"]


def test_the_course_python_on_windows_is_in_scripts():
    venv = PureWindowsPath(r"C:\Users\학습자\내 코스\.venv")
    assert project.python_in(venv, "nt") == PureWindowsPath(r"C:\Users\학습자\내 코스\.venv\Scripts\python.exe")
    posix = PurePosixPath("/home/학습자/코스/.venv")  # 어느 OS에서 돌아도 같은 종류의 경로끼리 비교합니다
    assert project.python_in(posix, "posix") == PurePosixPath("/home/학습자/코스/.venv/bin/python")


def test_release_check_runs_with_the_python_that_runs_course_py(monkeypatch):
    calls = []
    monkeypatch.setattr(environment, "ensure", lambda lay: pytest.fail("release-check가 코스 환경을 설치하려 했습니다"))
    monkeypatch.setattr(project, "run", lambda cmd, **kw: calls.append([str(c) for c in cmd]) or 0)
    assert course.main(["release-check"]) == 0
    assert calls == [[sys.executable, "-m", "tools.colab", "release-check"]]


# ------------------------------------------------------------------ 린트


RUFF_PIN = f"ruff=={pins.read_pins(ROOT / 'requirements-dev.txt')['ruff']}"


def fake_lint(monkeypatch, tmp_path, ruff_exists, check_code=0):
    """린트가 부르는 명령만 모읍니다(가짜 가상 환경, 가짜 run)."""
    calls = []
    lay = environment.Layout(ROOT, tmp_path / "venv")
    if ruff_exists:
        ruff = project.executable(project.bin_dir(tmp_path / "venv"), "ruff")
        ruff.parent.mkdir(parents=True)
        ruff.write_text("")
        monkeypatch.setattr(course, "ruff_version", lambda path: RUFF_PIN.split("==")[1])
    monkeypatch.setattr(course, "layout", lambda: lay)
    monkeypatch.setattr(environment, "ensure", lambda lay: pytest.fail("lint이 코스 환경(torch)을 설치하려 했습니다"))

    def fake_run(cmd, **kwargs):
        calls.append([str(c) for c in cmd])
        return check_code if "check" in calls[-1] and "format" not in calls[-1] else 0

    monkeypatch.setattr(project, "run", fake_run)
    return calls


def test_lint_runs_the_format_check_even_when_check_fails(monkeypatch, tmp_path):
    calls = fake_lint(monkeypatch, tmp_path, ruff_exists=True, check_code=1)
    assert course.main(["lint"]) == 1
    assert [c[1] for c in calls] == ["check", "format"]
    assert calls[-1][1:] == ["format", "--check"]


def test_lint_installs_only_ruff(monkeypatch, tmp_path):
    calls = fake_lint(monkeypatch, tmp_path, ruff_exists=False)
    course.main(["lint"])
    installs = [c for c in calls if "install" in c]
    assert len(installs) == 1 and installs[0][-1] == RUFF_PIN
    assert "-r" not in installs[0]


def test_ruff_version_reads_what_the_program_prints(tmp_path):
    # 'python --version'도 '이름 버전' 모양이라 진짜 프로그램으로 시험합니다. 실행되지 않으면 None(다시 설치).
    assert course.ruff_version(sys.executable) == platform.python_version()
    assert course.ruff_version(tmp_path / "없는-ruff") is None


def test_ruff_paths_live_only_in_pyproject():
    for path in ("course.py", ".github/workflows/ci.yml"):
        text = (ROOT / path).read_text(encoding="utf-8")
        assert "tools tests notebooks" not in text and '"tools", "tests"' not in text, path


# ------------------------------------------------------------------ 도구의 인수(argparse)


def test_pins_tool_names_and_a_korean_error_for_a_missing_file(capsys, tmp_path):
    assert pins.main(["names", str(ROOT / "requirements.txt")]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "torch"
    with pytest.raises(SystemExit) as stop:
        pins.main(["names", str(tmp_path / "없음.txt")])
    assert stop.value.code == 2 and "없음.txt가 없습니다" in capsys.readouterr().err


def test_notebooks_tool_needs_a_command(capsys):
    with pytest.raises(SystemExit) as stop:
        notebooks.main([])
    assert stop.value.code == 2 and "record" in capsys.readouterr().err


TOOL_MAINS = {  # 도구마다 명령줄을 읽는 함수(모두 tools/project.py의 ArgumentParser)
    "colab": colab.main,
    "drift": drift.main,
    "devtool": devtool.main,
    "pins": pins.main,
    "notebooks": notebooks.main,
    "browser": browser.main,
    "colab_check": colab_check.main,
    "site": site_tool.parse_args,
}


@pytest.mark.parametrize("name", TOOL_MAINS)
def test_tool_arguments_are_refused_in_korean(name, capsys):
    """argparse의 영어(usage:, error:, the following arguments …)는 학습자에게 가지 않습니다."""
    with pytest.raises(SystemExit) as stop:
        TOOL_MAINS[name](["--엉뚱한-옵션"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and err.startswith("사용법: ") and "도움말: " in err, err
    assert not {"usage:", "error:", "argument", "required", "unrecognized", "invalid"} & set(err.split()), err
    with pytest.raises(SystemExit) as stop:
        TOOL_MAINS[name](["--help"])
    out = capsys.readouterr().out
    assert stop.value.code == 0 and out.startswith("사용법: ") and "이 도움말을 보여 주고 끝냅니다" in out, out
    assert "usage:" not in out and "options:" not in out and "show this help" not in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["sync"], {"command": "sync", "check": False}),
        (["sync", "--check"], {"command": "sync", "check": True}),
        (["set-repo", "me/course"], {"command": "set-repo", "github": "me/course", "ref": None}),
        (["set-repo", "me/course", "--ref", "v2.0"], {"command": "set-repo", "github": "me/course", "ref": "v2.0"}),
        (["release-check"], {"command": "release-check"}),
    ],
)
def test_colab_tool_reads_the_same_command_lines(argv, expected):
    assert vars(colab.parse_args(argv)) == expected


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], "필요한 인수가 없습니다: 명령"),
        (["sink"], "명령에 'sink'는 없습니다(고를 수 있는 것: "),
        (["set-repo"], "필요한 인수가 없습니다: 소유자/이름"),
        (["set-repo", "me/course", "--ref"], "--ref 뒤에 값을 주세요"),
        (["sync", "--chek"], "알 수 없는 인수입니다: --chek"),
        (["release-check", "now"], "알 수 없는 인수입니다: now"),
    ],
)
def test_colab_tool_names_the_wrong_argument_in_korean(argv, expected, capsys):
    with pytest.raises(SystemExit) as stop:
        colab.main(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and expected in err and "python3 course.py" in err, err


def test_drift_tool_names_a_missing_file_in_korean(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        drift.main([str(tmp_path / "없음.txt")])
    assert stop.value.code == 2 and "없음.txt가 없습니다" in capsys.readouterr().err


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


# 배포 점검의 시험은 이 저장소의 설정에 기대지 않습니다: 배포한 저장소(set-repo로 실제 주소, ref 태그가 있음)에서도
# 같은 결과여야 합니다(ci.yml은 태그를 push할 때도 전체 테스트를 돌립니다). 자리표시도 복사본에 직접 적습니다.
PLACEHOLDER = f"{colab.PLACEHOLDER_OWNER}/pytorch-dl-ch3"


def release_copy(tmp_path, github=None, tag=None):
    """저장소 설정·README·노트북을 복사한 임시 git 저장소(원하면 set-repo와 태그까지)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
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
    root = release_copy(tmp_path, github=PLACEHOLDER, tag="v1.0")
    problems = colab.release_check(root)
    assert len(problems) == 1 and f"자리표시({PLACEHOLDER})" in problems[0] and "set-repo" in problems[0]


def test_release_check_needs_the_ref_in_git(tmp_path):
    root = release_copy(tmp_path, github="someone/course")
    problems = colab.release_check(root)
    assert len(problems) == 1 and "'v1.0'가 이 git 저장소에 없습니다" in problems[0] and "git tag v1.0" in problems[0]


def test_release_check_needs_notebooks_in_sync(tmp_path):
    root = release_copy(tmp_path, github="someone/course", tag="v1.0")
    assert colab.release_check(root) == []
    readme = root / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("someone/course", PLACEHOLDER), "utf-8")
    assert any("README.md" in p for p in colab.release_check(root))


def test_release_check_command_exit_codes(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(colab, "ROOT", release_copy(tmp_path / "placeholder", github=PLACEHOLDER, tag="v1.0"))
    assert colab.main(["release-check"]) == 1
    assert "배포할 수 없습니다" in capsys.readouterr().out
    monkeypatch.setattr(colab, "ROOT", release_copy(tmp_path / "released", github="someone/course", tag="v1.0"))
    assert colab.main(["release-check"]) == 0
    assert "배포할 수 있습니다: someone/course @ v1.0" in capsys.readouterr().out


@pytest.mark.skipif(os.name == "nt", reason="가상 환경의 bin/python")
def test_release_check_needs_no_nbformat(tmp_path):
    """CI의 배포 점검(python3 course.py release-check)처럼 nbformat이 없는 파이썬으로도 끝까지 점검합니다."""
    bare = tmp_path / "bare"
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", bare], check=True)
    python = project.python_in(bare)
    assert subprocess.run([python, "-c", "import nbformat"], capture_output=True).returncode != 0  # 정말 없음
    root = release_copy(tmp_path / "released", github="someone/course", tag="v1.0")
    shutil.copy2(ROOT / "course.py", root)
    shutil.copytree(ROOT / "tools", root / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    done = subprocess.run([python, "course.py", "release-check"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0 and "배포할 수 있습니다: someone/course @ v1.0" in done.stdout, done.stderr
    notebook = project.lesson_paths(root)[0]  # 노트북의 Colab 배지가 설정과 어긋나면 nbformat 없이도 알아챕니다
    notebook.write_text(notebook.read_text(encoding="utf-8").replace("someone/course", "else/course"), "utf-8")
    done = subprocess.run([python, "course.py", "release-check"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 1 and f"배포할 수 없습니다: {project.relpath(notebook, root)}" in done.stdout, done.stdout
    assert "nbformat" not in done.stdout + done.stderr and "Traceback" not in done.stderr


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


@pytest.mark.skipif(os.name == "nt", reason="윈도우에는 프로세스 그룹을 따로 두지 않습니다")
def test_a_tool_runs_in_its_own_group_except_under_a_debugger(monkeypatch):
    groups = []
    monkeypatch.setattr(project, "run", lambda cmd, **kw: groups.append(kw["own_group"]) or 0)
    course.run_tool(["python", "-m", "pytest", "-x"])
    course.run_tool(["python", "-m", "pytest", "--pdb"])  # pdb는 터미널에서 입력을 받습니다
    assert groups == [True, False]


def test_apt_never_waits_for_a_password(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000, raising=False)
    assert browser._sudo() == ["sudo", "-n"]
