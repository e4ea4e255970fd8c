"""노트북의 첫 셀 「코스 준비」가 학습자가 여는 모든 곳에서 맞게 움직이는지 진짜 커널로 확인합니다.

- Colab: google.colab이 미리 임포트된 커널에서 준비 셀이 코스를 정해진 버전으로 설치하고, 노트북이 기록된 출력 그대로
  끝까지 실행됩니다. Kaggle: Kaggle의 환경 변수만 있는 커널에서 같은 설치가 일어납니다.
- 받아 둔 저장소(course.py 없이 venv + jupyter lab, VS Code, Binder, SageMaker Studio Lab): 노트북 위 폴더의
  helpers.py를 쓰고, 아무것도 받거나 쓰지 않습니다.
- 설치할 수 없을 때(인터넷 없음, 없는 버전, 코스가 없는 다른 커널): 한국어 안내 하나만 보이고 트레이스백이 없으며,
  Run All이 멈추지 않는 화면에서도 아래 셀은 ModuleNotFoundError·NameError 대신 같은 짧은 안내만 보입니다.

흉내 커널은 tools/kernels.bare_venv(pip 없이 만든 새 가상 환경, 코스 환경의 패키지를 .pth로 빌려 씀, helpers와
코스 배포판은 없음)이고, 코스 저장소는 지금 작업 트리로 만든 임시 git 저장소(설정의 ref를 태그로 단 file:// 주소)입니다.
배지, 준비 셀, README의 Colab·Kaggle 표가 pyproject.toml의 [tool.course] 설정과 맞는지도 봅니다.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from tools import colab, kernels, project

ROOT = Path(__file__).resolve().parents[1]
COLAB_NOTEBOOK = "notebooks/03_loss.ipynb"  # 빠르고, 계산 그래프와 책의 숫자(13.3520)가 나오는 노트북
NOT_INSTALLED = "이 커널에는 코스가 없습니다"
SKIPPED = "코스가 준비되지 않아 실행하지 않았습니다"
# 설치된 곳을 알려 주는 셀: helpers와 데이터, 정답 파일이 어디서 왔는지.
WHERE = "import helpers\nprint(helpers.__file__)\nprint(helpers.DATA_PATH)\nprint(helpers.EXERCISES_DIR)"


@pytest.fixture(scope="module")
def course_repo(tmp_path_factory):
    """지금 작업 트리로 만든 임시 git 저장소의 file:// 주소. 설정의 ref를 태그로 답니다."""
    return kernels.course_git_repo(tmp_path_factory.mktemp("course_repo"), project.settings(ROOT).ref)


@pytest.fixture(scope="module")
def bare(tmp_path_factory, make_venv):
    """설치하지 않는 시험들이 함께 쓰는 코스 없는 가상 환경(시험이 끝나도 코스가 설치되지 않아야 합니다)."""
    return make_venv(tmp_path_factory.mktemp("bare"))


def setup_cell(ref=None):
    github, pinned = project.settings(ROOT)
    return nbformat.v4.new_code_cell(colab.bootstrap_source(github, ref or pinned))


def stdout_lines(cell):
    """셀의 stdout 전부(커널이 여러 스트림 출력으로 나눠 보내도 합쳐서)를 줄로."""
    return "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout").splitlines()


def tree(folder):
    """폴더 안의 모든 파일(숨은 파일, __pycache__ 포함)과 크기·수정 시각."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_settings_badges_and_bootstrap_agree():
    """모든 노트북의 배지·준비 셀과 README의 Colab·Kaggle 표가 [tool.course] 설정과 맞습니다."""
    problems = colab.check(ROOT)
    assert not problems, "\n".join(problems)


def test_setup_cell_is_short_and_collapsed():
    github, ref = colab.settings(ROOT)
    source = colab.bootstrap_source(github, ref)
    assert len(source.splitlines()) <= 45
    assert max(len(line) for line in source.splitlines()) <= 120
    assert source.startswith(project.SETUP_MARKER)
    for path in colab.notebook_paths(ROOT):
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if c.cell_type == "code")
        assert project.is_setup_cell(cell), path.name
        assert cell.source == source, f"{path.name}: python3 course.py sync가 필요합니다"
        assert cell.metadata.get("cellView") == "form", f"{path.name}: Colab에서 접히지 않습니다"
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, (
            f"{path.name}: JupyterLab에서 접히지 않습니다"
        )
        assert cell.outputs == [], f"{path.name}: 내 컴퓨터에서 준비 셀이 무언가를 출력했습니다"
        relpath = path.relative_to(ROOT).as_posix()
        assert nb.cells[0].source.split("\n")[0] == " ".join(
            f"[![{alt}]({image})]({url(github, ref, relpath)})" for image, alt, url in colab.BADGES
        )
        assert project.kaggle_url(github, ref, relpath) in nb.cells[0].source


@pytest.mark.parametrize("host", ["colab", "kaggle"])
def test_hosted_kernel_installs_the_course_through_the_first_cell(host, tmp_path, course_repo, make_venv):
    """Colab(google.colab이 미리 임포트된 커널)과 Kaggle(환경 변수): 준비 셀이 정해진 버전을 설치합니다.

    Colab에서는 03 노트북 전체가 기록된 출력 그대로 끝까지 실행됩니다. 설치된 helpers, 데이터, 정답 파일은
    가상 환경에 설치된 패키지에서 오고, 노트북 폴더에는 아무것도 쓰지 않으며, 준비 셀을 다시 실행해도 그대로입니다.
    """
    sim = make_venv(tmp_path / "sim")
    committed = nbformat.read(ROOT / COLAB_NOTEBOOK, as_version=4)
    if host == "colab":
        nb = nbformat.read(ROOT / COLAB_NOTEBOOK, as_version=4)
        github, ref = project.settings(ROOT)
        colab.sync_notebook(nb, COLAB_NOTEBOOK, github, ref)  # 동기화 전이어도 시험할 수 있게
    else:  # Kaggle: 설치 경로만(노트북 실행은 Colab 쪽에서 봅니다)
        nb = nbformat.v4.new_notebook(cells=[setup_cell()])
    nb.cells += [setup_cell(), nbformat.v4.new_code_cell(WHERE)]  # 두 번째 준비 셀은 아무것도 하지 않아야 합니다.
    workdir = tmp_path / "content"
    workdir.mkdir()
    nbformat.write(nb, workdir / "notebook.ipynb")

    kernels.execute(nb, workdir, sim, kernels.kernel_env(sim, host, course_repo))

    code = [c for c in nb.cells if c.cell_type == "code"]
    assert project.is_setup_cell(code[0]) and code[0].outputs == []
    assert code[-2].outputs == []
    helpers_file, data_path, exercises = stdout_lines(code[-1])
    assert Path(helpers_file).is_relative_to(sim["site"])
    assert Path(data_path).is_relative_to(sim["venv"]) and Path(data_path).is_file()
    assert sorted(p.name for p in Path(exercises).glob("*.json")) == sorted(
        p.name for p in (ROOT / "data" / "exercises").glob("*.json")
    )
    assert [p.name for p in workdir.iterdir()] == ["notebook.ipynb"]
    if host == "colab":  # 나머지 셀의 출력은 기록된 출력과 같습니다(책의 숫자 포함).
        fresh = [kernels.printed(c) for c in code[1:-2]]
        code_cells = [c for c in committed.cells if c.cell_type == "code" and not project.is_setup_cell(c)]
        recorded = [kernels.printed(c) for c in code_cells]
        assert fresh == recorded
        assert "13.3520" in "".join(o.get("text", "") for c in code for o in c.outputs)
    assert not any(o.output_type == "error" or o.get("name") == "stderr" for c in code for o in c.outputs)


def copy_clone(dest):
    """받아 둔 저장소(git clone) 흉내: 추적 파일을 그대로 복사합니다(.venv도 코스 설치도 없음)."""
    for name in kernels.tracked_files(ROOT):
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, dest / name)
    return dest


def test_clone_opened_without_course_py_uses_its_helpers_and_writes_nothing(tmp_path, bare):
    """pip install -r requirements.txt + jupyter lab(VS Code, Binder, SageMaker Studio Lab도 같음)으로 연 노트북:

    첫 셀이 노트북 위 폴더의 helpers.py를 쓰게 하고 기록된 출력 그대로 끝까지 실행됩니다. 아무것도 받거나
    설치하지 않고, 저장소에 아무것도 쓰지 않습니다(__pycache__도 없음). 인터넷 주소는 닿지 않는 곳을 줍니다.
    """
    clone = copy_clone(tmp_path / "clone")
    nb = nbformat.read(clone / COLAB_NOTEBOOK, as_version=4)
    committed = [kernels.printed(c) for c in nb.cells if c.cell_type == "code"]
    nb.cells.append(nbformat.v4.new_code_cell(WHERE))
    before, site_before = tree(clone), tree(bare["site"])
    env = kernels.kernel_env(bare, None, "https://127.0.0.1:9/no-network.git")
    env["COURSE_INSTALL"] = "1"  # 설치가 허락되어도 받아 둔 저장소가 먼저입니다.

    kernels.execute(nb, clone / "notebooks", bare, env)

    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [kernels.printed(c) for c in code[:-1]] == committed
    helpers_file, data_path, _ = stdout_lines(code[-1])
    assert Path(helpers_file) == clone / "helpers.py" and Path(data_path) == clone / "data" / "height_weight.csv"
    assert tree(clone) == before
    assert tree(bare["site"]) == site_before


FAILURES = {
    # 이름: (커널의 호스트, 저장소 주소, ref, 안내에 들어 있어야 할 말)
    "no-network": ("colab", "https://127.0.0.1:9/pytorch-dl-ch3.git", None, ["인터넷 연결", "Internet"]),
    "no-such-ref": ("kaggle", None, "v999-no-such-ref", ["버전 v999-no-such-ref가 없습니다", "배지"]),
    "no-course": (None, None, None, [NOT_INSTALLED, "python3 course.py lab"]),
}


@pytest.mark.parametrize("case", FAILURES)
def test_failed_setup_shows_one_korean_message_and_stops(case, tmp_path, bare, course_repo):
    """설치할 수 없으면 준비 셀에 한국어 안내 하나(트레이스백·pip의 영어 오류 없음)가 보이고 노트북이 멈춥니다.

    Run All이 오류 뒤에도 계속되는 화면(allow_errors)에서도 아래 셀은 실행되지 않고 같은 짧은 안내만 보입니다
    (ModuleNotFoundError, NameError가 줄줄이 나오지 않음). 준비 셀은 다시 실행할 수 있습니다(같은 안내).
    """
    host, url, ref, words = FAILURES[case]
    cells = [
        setup_cell(ref),
        nbformat.v4.new_code_cell("import helpers\nprint('실행됨')"),
        nbformat.v4.new_code_cell("print(helpers.DATA_PATH, undefined_name)"),
        setup_cell(ref),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    workdir = tmp_path / "content"
    workdir.mkdir()
    site_before = tree(bare["site"])
    env = kernels.kernel_env(bare, host, url or course_repo)

    with pytest.raises(CellExecutionError) as stopped:  # 보통의 Run All: 준비 셀에서 멈춥니다.
        kernels.execute(nbformat.from_dict(json.loads(json.dumps(nb))), workdir, bare, env)
    kernels.execute(nb, workdir, bare, env, allow_errors=True)  # 멈추지 않는 화면

    first, *later, again = nb.cells
    assert [o.output_type for o in first.outputs] == ["error"]
    (message,) = first.outputs[0].traceback  # 트레이스백 없이 안내 한 줄
    assert all(word in message for word in words), message
    assert "Traceback" not in message and "ERROR" not in message and "fatal" not in message
    assert message in str(stopped.value)
    for cell in later:
        assert [o.output_type for o in cell.outputs] == ["error"]
        assert cell.outputs[0].traceback == [f"{SKIPPED}. 맨 위 「코스 준비」 셀의 안내를 따르세요."]
    assert again.outputs[0].traceback == [message]  # 준비 셀은 건너뛰지 않고 다시 시도합니다.
    assert list(workdir.iterdir()) == []
    assert tree(bare["site"]) == site_before


@pytest.mark.parametrize(
    ("colab_module", "env", "installs"),
    [
        (True, {}, True),
        (False, {"KAGGLE_KERNEL_RUN_TYPE": "Interactive"}, True),
        (False, {"KAGGLE_URL_BASE": "https://www.kaggle.com"}, True),
        (False, {"COURSE_INSTALL": "1"}, True),
        (False, {}, False),
        (False, {"COURSE_INSTALL": "0"}, False),
    ],
)
def test_who_installs(tmp_path, bare, colab_module, env, installs):
    """Colab, Kaggle, COURSE_INSTALL=1일 때만 pip install을 부릅니다(여기서는 부른 것을 기록만 합니다)."""
    from IPython.core.inputtransformer2 import TransformerManager

    code = TransformerManager().transform_cell(colab.bootstrap_source(*colab.settings(ROOT)))
    driver = (
        "import importlib.util, json, subprocess, sys, types\n"
        "real_find = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda name, *a: None if name == 'helpers' else real_find(name, *a)\n"
        "calls = []\n"
        "def fake_run(cmd, **kw):\n"
        "    calls.append(cmd[1:])\n"
        "    return types.SimpleNamespace(returncode=0, stdout='', stderr='')\n"
        "subprocess.run = fake_run\n"
        "shell = types.SimpleNamespace(input_transformers_post=[])\n"
        "get_ipython = lambda: shell\n"
        f"try:\n    exec({code!r})\nexcept Exception as e:\n    calls.append([type(e).__name__, str(e)])\n"
        "print(json.dumps(calls))\n"
    )
    run_env = kernels.kernel_env(bare, "colab" if colab_module else None, base=os.environ)
    run_env.update(env)
    done = subprocess.run([bare["python"], "-c", driver], cwd=tmp_path, env=run_env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    calls = json.loads(done.stdout)
    github, ref = colab.settings(ROOT)
    if installs:
        assert calls == [["-m", "pip", "install", "--quiet", f"git+{project.repo_url(github)}@{ref}"]]
    else:
        assert calls == [["CourseSetupError", calls[0][1]]] and NOT_INSTALLED in calls[0][1]


def test_setup_cell_does_nothing_in_the_course_environment(capfd, monkeypatch):
    """코스 환경(python3 course.py lab)의 커널: 아무것도 실행·설치·출력하지 않고 sys.path도 그대로입니다."""
    import types

    from IPython.core.inputtransformer2 import TransformerManager

    code = TransformerManager().transform_cell(colab.bootstrap_source(*colab.settings(ROOT)))
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **kw: calls.append(a))
    shell = types.SimpleNamespace(input_transformers_post=[])
    path_before, bytecode_before = list(sys.path), sys.dont_write_bytecode
    exec(code, {"get_ipython": lambda: shell})  # noqa: S102
    assert calls == [] and shell.input_transformers_post == [] and capfd.readouterr() == ("", "")
    assert sys.path == path_before and sys.dont_write_bytecode == bytecode_before


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


def test_lr_explorer_slider_redraws_the_figure_in_a_real_kernel(tmp_path, bare):
    """학습률 슬라이더를 프런트엔드처럼 comm 메시지로 바꾸면 그림이 바뀝니다(코스의 ipywidgets로, 진짜 커널).

    Colab의 ipywidgets 7.7.1로는 `python3 course.py colab-check`가 같은 검사(colab_check.explorer_probe)를 합니다.
    """
    from tools import colab_check

    clone = copy_clone(tmp_path / "clone")
    workdir = clone / "notebooks"
    source = colab.bootstrap_source(*project.settings(ROOT))
    assert colab_check.explorer_probe(bare, kernels.kernel_env(bare, None), source, workdir) == []
