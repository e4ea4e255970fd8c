"""Colab에서 노트북 하나만 열었을 때 준비 셀이 코스를 설치해 끝까지 실행되는지, 코스가 없는 다른 커널에서는
아무것도 쓰거나 설치하지 않고 한국어로 멈추는지 확인합니다.

Colab 흉내: 새 가상 환경(코스 환경의 패키지는 보이지만 helpers와 코스 배포판은 없음)의 커널, 가짜
`google.colab` 모듈, 노트북 한 권만 있는 빈 폴더, 그리고 COURSE_REPO_URL로 건네는 임시 git 저장소
(지금 작업 트리의 helpers.py, data/, pyproject.toml에 설정의 ref를 태그로 단 것). 준비 셀의 `%pip install`이
그 저장소를 진짜로 설치합니다(편집 가능 설치가 아니므로 데이터도 설치된 패키지에서 읽습니다).
배지, 준비 셀, README의 Colab 표가 pyproject.toml의 [tool.course] 설정과 맞는지도 봅니다.
"""

import configparser
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from tools import colab, project

ROOT = Path(__file__).resolve().parents[1]
COLAB_NOTEBOOK = "notebooks/03_loss.ipynb"  # 빠르고, 계산 그래프와 책의 숫자(13.3520)가 나오는 노트북
NOT_INSTALLED = "이 커널에는 코스가 없습니다"
# Colab이 커널을 시작할 때처럼 google.colab을 미리 임포트해 둡니다.


def sanitize(text):
    """tests/nbval_sanitize.cfg의 규칙(메모리 주소 등)을 적용합니다."""
    config = configparser.ConfigParser(interpolation=None)
    config.read(ROOT / "tests" / "nbval_sanitize.cfg", encoding="utf-8")
    for section in config.sections():
        text = re.sub(config[section]["regex"], config[section]["replace"], text)
    return text


def text_outputs(cell):
    """셀 출력 중 nbval이 비교하는 글자 부분과 출력 종류(mime)만 모읍니다."""
    result = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            result.append((out.name, sanitize(out.text)))
        elif out.output_type in ("display_data", "execute_result"):
            result.append(("data", sorted(out.data), sanitize(out.data.get("text/plain", ""))))
        else:
            result.append((out.output_type, out.get("ename"), out.get("evalue")))
    return result


@pytest.fixture(scope="module")
def sim(tmp_path_factory, make_venv):
    """Colab 흉내 시험이 함께 쓰는 가상 환경(시험 하나가 코스를 설치하면 그다음부터는 설치된 상태입니다)."""
    return make_venv(tmp_path_factory.mktemp("sim"))


@pytest.fixture(scope="module")
def course_repo(tmp_path_factory):
    """지금 작업 트리의 설치에 필요한 파일로 만든 임시 git 저장소의 file:// 주소. 설정의 ref를 태그로 답니다."""
    repo = tmp_path_factory.mktemp("course_repo")
    for name in ("helpers.py", "pyproject.toml"):
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(ROOT / "data", repo / "data", ignore=shutil.ignore_patterns("__pycache__"))
    git = ["git", "-C", str(repo), "-c", "user.name=course-test", "-c", "user.email=test@example.invalid"]
    _, ref = colab.settings(ROOT)
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "t"],
        ["tag", ref],
    ):
        subprocess.run([*git, *args], check=True)
    return repo.as_uri()


def run_in_sim(nb, workdir, sim, monkeypatch, colab_kernel=True, extra_env=None):
    """노트북을 흉내 커널에서 실행합니다. colab_kernel이면 google.colab이 미리 임포트된 커널입니다."""
    monkeypatch.setenv("JUPYTER_PATH", str(sim["jupyter"]))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MPLBACKEND", "COURSE_INSTALL")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    if colab_kernel:
        env["PYTHONPATH"] = str(sim["fake_colab"])
    env.update(extra_env or {})
    client = NotebookClient(nb, timeout=300, kernel_name="colab-sim", resources={"metadata": {"path": str(workdir)}})
    client.execute(env=env)
    return nb


def test_settings_badges_and_bootstrap_agree():
    """모든 노트북의 배지·준비 셀과 README의 Colab 표가 [tool.course] 설정과 맞습니다."""
    problems = colab.check(ROOT)
    assert not problems, "\n".join(problems)


def test_setup_cell_is_short_and_collapsed():
    github, ref = colab.settings(ROOT)
    source = colab.bootstrap_source(github, ref)
    assert len(source.splitlines()) <= 10
    assert source.startswith("# @title ")
    for path in colab.notebook_paths(ROOT):
        cell = next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        assert project.is_setup_cell(cell), path.name
        assert cell.metadata.get("cellView") == "form", f"{path.name}: Colab에서 접히지 않습니다"
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, (
            f"{path.name}: JupyterLab에서 접히지 않습니다"
        )
        assert cell.outputs == [], f"{path.name}: 내 컴퓨터에서 준비 셀이 무언가를 출력했습니다"


def test_colab_simulation_installs_and_runs_notebook_to_the_end(tmp_path, sim, course_repo, monkeypatch):
    committed = nbformat.read(ROOT / COLAB_NOTEBOOK, as_version=4)
    nb = nbformat.read(ROOT / COLAB_NOTEBOOK, as_version=4)
    github, ref = colab.settings(ROOT)
    colab.sync_notebook(nb, COLAB_NOTEBOOK, github, ref)  # 동기화 전이어도 시험할 수 있게
    # 끝에 두 셀을 덧붙입니다: 준비 셀을 한 번 더(아무것도 하지 않아야 함), 그리고 무엇이 쓰였는지 확인.
    nb.cells.append(nbformat.v4.new_code_cell(colab.bootstrap_source(github, ref)))
    check = "import helpers\nprint(helpers.__file__)\nprint(helpers.DATA_PATH)\nprint(helpers.EXERCISES_DIR)"
    nb.cells.append(nbformat.v4.new_code_cell(check))
    workdir = tmp_path / "content"
    workdir.mkdir()
    nbformat.write(nb, workdir / Path(COLAB_NOTEBOOK).name)

    run_in_sim(nb, workdir, sim, monkeypatch, extra_env={"COURSE_REPO_URL": course_repo})

    code = [c for c in nb.cells if c.cell_type == "code"]
    assert project.is_setup_cell(code[0])
    assert [o for o in code[0].outputs if o.get("name") == "stderr" or o.output_type == "error"] == []
    assert code[-2].outputs == []  # 두 번째 실행은 아무것도 하지 않습니다.
    helpers_file, data_path, exercises = code[-1].outputs[0].text.split()
    # helpers와 데이터는 흉내 가상 환경에 설치된 패키지에서 옵니다(노트북 폴더에는 아무것도 쓰지 않음).
    assert Path(helpers_file).is_relative_to(sim["site"])
    assert Path(data_path).is_relative_to(sim["venv"]) and Path(data_path).is_file()
    assert sorted(p.name for p in Path(exercises).glob("*.json")) == sorted(
        p.name for p in (ROOT / "data" / "exercises").glob("*.json")
    )
    assert [p.name for p in workdir.iterdir()] == [Path(COLAB_NOTEBOOK).name]
    # 나머지 셀의 출력은 저장소에 기록된 출력과 같아야 합니다(책의 숫자 포함).
    fresh = [text_outputs(c) for c in code[1:-2]]
    recorded = [text_outputs(c) for c in committed.cells if c.cell_type == "code" and not project.is_setup_cell(c)]
    assert fresh == recorded
    printed = "".join(o.get("text", "") for c in code for o in c.outputs)
    assert "13.3520" in printed
    assert not any(o.output_type == "error" or o.get("name") == "stderr" for c in code[1:] for o in c.outputs)


def test_local_kernel_without_course_writes_and_installs_nothing(tmp_path, monkeypatch, make_venv):
    """코스가 없는 내 컴퓨터의 커널: 아무것도 받거나 설치하지 않고, 여는 방법을 한국어로 알리며 멈춥니다."""
    sim = make_venv(tmp_path / "sim")
    github, ref = colab.settings(ROOT)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "colab-sim", "display_name": "Colab 흉내", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(colab.bootstrap_source(github, ref)), nbformat.v4.new_code_cell("print(1)")]
    workdir = tmp_path / "content"
    workdir.mkdir()
    site_before = sorted(p.name for p in sim["site"].iterdir())
    with pytest.raises(CellExecutionError) as info:
        run_in_sim(
            nb,
            workdir,
            sim,
            monkeypatch,
            colab_kernel=False,
            extra_env={"COURSE_REPO_URL": (tmp_path / "no_such_repo").as_uri()},
        )
    assert "RuntimeError" in str(info.value) and NOT_INSTALLED in str(info.value)
    assert "python3 course.py lab" in str(info.value)
    assert nb.cells[1].outputs == []  # 준비 셀에서 멈춥니다.
    assert list(workdir.iterdir()) == []
    assert sorted(p.name for p in sim["site"].iterdir()) == site_before


@pytest.mark.parametrize(
    ("colab_module", "install_env", "installs"),
    [(True, None, True), (False, "1", True), (False, None, False), (False, "0", False)],
)
def test_who_installs(tmp_path, sim, colab_module, install_env, installs):
    """Colab이거나 COURSE_INSTALL=1일 때만 %pip install을 부릅니다(여기서는 부른 것을 기록만 합니다)."""
    from IPython.core.inputtransformer2 import TransformerManager

    code = TransformerManager().transform_cell(colab.bootstrap_source(*colab.settings(ROOT)))
    driver = (
        "import importlib.util, json, sys\n"
        "real_find = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda name, *a: None if name == 'helpers' else real_find(name, *a)\n"
        "calls = []\n"
        "class Shell:\n"
        "    def run_line_magic(self, name, line): calls.append([name, line])\n"
        "get_ipython = lambda: Shell()\n"
        f"try:\n    exec({code!r})\nexcept RuntimeError as e:\n    calls.append(['RuntimeError', str(e)])\n"
        "print(json.dumps(calls))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COURSE_INSTALL")}
    if colab_module:
        env["PYTHONPATH"] = str(sim["fake_colab"])
    if install_env is not None:
        env["COURSE_INSTALL"] = install_env
    done = subprocess.run([sim["python"], "-c", driver], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    calls = json.loads(done.stdout)
    github, ref = colab.settings(ROOT)
    if installs:
        assert calls == [["pip", f'install --quiet --disable-pip-version-check "git+{{url}}@{ref}"']]
    else:
        assert calls[0][0] == "RuntimeError" and NOT_INSTALLED in calls[0][1] and len(calls) == 1


def test_setup_cell_does_nothing_in_the_course_environment(capfd):
    from IPython.core.inputtransformer2 import TransformerManager

    code = TransformerManager().transform_cell(colab.bootstrap_source(*colab.settings(ROOT)))
    calls = []
    path_before = list(sys.path)
    exec(code, {"get_ipython": lambda: calls.append("magic")})  # noqa: S102
    assert calls == [] and capfd.readouterr() == ("", "")
    assert sys.path == path_before


def copy_course(tmp_path):
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for name in ("notebooks", "solutions"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns(".ipynb_*"))
    return tmp_path


def test_sync_is_idempotent_and_touches_only_badge_and_setup_cell(tmp_path):
    root = copy_course(tmp_path)
    for path in colab.notebook_paths(root):  # 동기화 전의 노트북으로 되돌려 시험합니다.
        nb = nbformat.read(path, as_version=4)
        nb.cells = [c for c in nb.cells if not project.is_setup_cell(c)]
        nb.cells[0].source = colab._strip_badge(nb.cells[0].source)
        nbformat.write(nb, path)
    before = {p: nbformat.read(p, as_version=4) for p in colab.notebook_paths(root)}
    assert set(colab.sync(root)) >= set(before)
    assert colab.sync(root) == []
    assert colab.check(root) == []
    github, ref = colab.settings(root)
    for path, old in before.items():
        new = nbformat.read(path, as_version=4)
        relpath = path.relative_to(root).as_posix()
        assert new.cells[0].source.split("\n")[0] == colab.badge(github, ref, relpath)
        rest = [c for c in new.cells if not project.is_setup_cell(c)]
        rest[0].source = colab._strip_badge(rest[0].source)
        assert rest == old.cells
        first_code = next(c for c in new.cells if c.cell_type == "code")
        assert first_code.source == colab.bootstrap_source(github, ref) and first_code.outputs == []


def test_set_repo_rewrites_every_badge_and_link(tmp_path):
    root = copy_course(tmp_path)
    old_github, _ = colab.settings(root)
    colab.set_repo(root, "someone/course-fork", "v2.0")
    assert colab.settings(root) == ("someone/course-fork", "v2.0")
    assert colab.check(root) == []
    assert colab.sync(root) == []
    for path in colab.notebook_paths(root):
        text = path.read_text(encoding="utf-8")
        assert "github/someone/course-fork/blob/v2.0/" in text
        assert "https://github.com/someone/course-fork.git" in text
        assert old_github not in text
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert old_github not in readme
    if colab.notebook_paths(root):
        assert "github/someone/course-fork/blob/v2.0/" in readme
    with pytest.raises(SystemExit, match="소유자/이름"):
        colab.set_repo(root, "not a repo")
