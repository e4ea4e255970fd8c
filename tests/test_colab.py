"""Colab에서 노트북 하나만 열었을 때 준비 셀(bootstrap)이 코스를 갖춰 끝까지 실행되는지 확인합니다.

Colab 흉내: 노트북 한 권만 있는 임시 폴더, 가짜 `google.colab` 모듈, 설치된 helpers를 감춘 커널,
그리고 COURSE_REPO_URL로 건네는 임시 git 저장소(지금 작업 트리의 helpers.py와 data/로 만든 것).
배지, 준비 셀, README의 Colab 표가 pyproject.toml의 [tool.course] 설정과 맞는지도 봅니다.
"""

import configparser
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tools import colab  # noqa: E402

COLAB_NOTEBOOK = "notebooks/03_loss.ipynb"  # 빠르고, 계산 그래프와 책의 숫자(13.3520)가 나오는 노트북
DONE = "코스 준비를 마쳤습니다"

# 커널에서 설치된 코스(편집 가능 설치의 helpers와 저장소 폴더)를 감춰 Colab처럼 만듭니다.
HIDE_COURSE = f"""\
import os, sys
sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
sys.path[:] = [p for p in sys.path if not p or os.path.abspath(p) != {str(ROOT)!r}]
"""


def sanitize(text):
    """tests/nbval_sanitize.cfg의 규칙(메모리 주소, 노드 번호 등)을 적용합니다."""
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
def fake_colab(tmp_path_factory):
    """가짜 google.colab과 helpers를 감추는 sitecustomize가 든 폴더(커널의 PYTHONPATH로 씁니다)."""
    folder = tmp_path_factory.mktemp("fake_colab")
    (folder / "google" / "colab").mkdir(parents=True)  # google은 이름공간 패키지로 둡니다.
    (folder / "google" / "colab" / "__init__.py").write_text('"""시험용 google.colab 대역."""\n')
    (folder / "sitecustomize.py").write_text(HIDE_COURSE)
    return folder


@pytest.fixture(scope="module")
def course_repo(tmp_path_factory):
    """지금 작업 트리의 helpers.py, data/, 노트북으로 만든 임시 git 저장소의 file:// 주소."""
    repo = tmp_path_factory.mktemp("course_repo")
    shutil.copy2(ROOT / "helpers.py", repo / "helpers.py")
    for name in ("data", *colab.NOTEBOOK_DIRS):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_*"))
    git = ["git", "-C", str(repo), "-c", "user.name=course-test", "-c", "user.email=test@example.invalid"]
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "t"],
    ):
        subprocess.run([*git, *args], check=True)
    return repo.as_uri(), "main"


def colab_env(fake_colab, url, ref):
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MPLBACKEND")}
    env.update(PYTHONPATH=str(fake_colab), COURSE_REPO_URL=url, COURSE_REPO_REF=ref)
    return env


def test_settings_badges_and_bootstrap_agree():
    """모든 노트북의 배지·준비 셀과 README의 Colab 표가 [tool.course] 설정과 맞습니다."""
    problems = colab.check(ROOT)
    assert not problems, "\n".join(problems)


def test_colab_simulation_runs_notebook_to_the_end(tmp_path, fake_colab, course_repo):
    committed = nbformat.read(ROOT / COLAB_NOTEBOOK, as_version=4)
    nb = nbformat.read(ROOT / COLAB_NOTEBOOK, as_version=4)
    github, ref = colab.settings(ROOT)
    colab.sync_notebook(nb, COLAB_NOTEBOOK, github, ref)  # 동기화 전이어도 시험할 수 있게
    # 끝에 두 셀을 덧붙입니다: 준비 셀을 한 번 더(아무것도 하지 않아야 함), 그리고 무엇이 쓰였는지 확인.
    nb.cells.append(nbformat.v4.new_code_cell(colab.bootstrap_source(github, ref)))
    check = "import google.colab\nimport helpers\nprint(helpers.__file__)"
    nb.cells.append(nbformat.v4.new_code_cell(check))
    workdir = tmp_path / "content"
    workdir.mkdir()
    nbformat.write(nb, workdir / Path(COLAB_NOTEBOOK).name)
    assert [p.name for p in workdir.iterdir()] == [Path(COLAB_NOTEBOOK).name]  # 노트북 한 권뿐

    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}})
    client.execute(env=colab_env(fake_colab, *course_repo))

    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source.startswith(colab.MARKER)
    assert [o.output_type for o in code[0].outputs] == ["stream"]
    assert code[0].outputs[0].name == "stdout" and DONE in code[0].outputs[0].text
    assert code[-2].outputs == []  # 두 번째 실행은 아무것도 하지 않습니다.
    assert code[-1].outputs[0].text.strip() == str(workdir / "course_files" / "helpers.py")
    # 나머지 셀의 출력은 저장소에 기록된 출력과 같아야 합니다(책의 숫자 포함).
    fresh = [text_outputs(c) for c in code[1:-2]]
    recorded = [text_outputs(c) for c in committed.cells if c.cell_type == "code" and not colab._is_bootstrap(c)]
    assert fresh == recorded
    printed = "".join(o.get("text", "") for c in code for o in c.outputs)
    assert "13.3520" in printed
    assert not any(o.output_type == "error" or o.get("name") == "stderr" for c in code for o in c.outputs)


# 준비 셀을 Colab 흉내 프로세스에서 두 번 실행합니다. koreanize_matplotlib와 dot이 없는 것처럼 꾸미고,
# pip 호출은 기록만 합니다(실제로 설치하지 않음). git 호출은 진짜로 합니다.
DRIVER = """\
import importlib.util, json, shutil, subprocess, sys
cell = open(sys.argv[1], encoding="utf-8").read()
calls = []
real_run, real_find, real_which = subprocess.run, importlib.util.find_spec, shutil.which

def fake_run(cmd, *args, **kwargs):
    calls.append(list(cmd))
    if list(cmd[1:3]) == ["-m", "pip"]:
        return subprocess.CompletedProcess(cmd, 0, "", "")
    return real_run(cmd, *args, **kwargs)

subprocess.run = fake_run
importlib.util.find_spec = lambda name, *a: None if name == "koreanize_matplotlib" else real_find(name, *a)
shutil.which = lambda name, *a, **k: None if name in ("dot", "graphviz-pure") else real_which(name, *a, **k)
exec(cell, {})
first = len(calls)
print("--- 두 번째 실행 ---")
exec(cell, {})
json.dump({"first": calls[:first], "second": calls[first:]}, open(sys.argv[2], "w"))
"""


def run_bootstrap_driver(tmp_path, fake_colab, url, ref):
    (tmp_path / "cell.py").write_text(colab.bootstrap_source(*colab.settings(ROOT)), encoding="utf-8")
    (tmp_path / "driver.py").write_text(DRIVER, encoding="utf-8")
    workdir = tmp_path / "content"
    workdir.mkdir()
    done = subprocess.run(
        [sys.executable, tmp_path / "driver.py", tmp_path / "cell.py", tmp_path / "calls.json"],
        cwd=workdir,
        env=colab_env(fake_colab, url, ref),
        capture_output=True,
        text=True,
    )
    return done, workdir


def test_bootstrap_installs_only_missing_and_runs_once(tmp_path, fake_colab, course_repo):
    done, workdir = run_bootstrap_driver(tmp_path, fake_colab, *course_repo)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    first_run, second_run = done.stdout.split("--- 두 번째 실행 ---\n")
    assert first_run.startswith(DONE) and second_run == ""
    calls = json.loads((tmp_path / "calls.json").read_text())
    git_calls = [c for c in calls["first"] if c[0] == "git"]
    assert [c[3] for c in git_calls] == ["init", "fetch", "checkout"]
    assert git_calls[1][-3:] == ["1", *course_repo]  # --depth 1 URL REF
    pip_calls = [c for c in calls["first"] if c[0] != "git"]
    # koreanize_matplotlib만 없는 것처럼 꾸몄으므로 그것만 설치합니다(dot 역할은 가상 환경의 graphviz-pure).
    assert pip_calls == [[sys.executable, "-m", "pip", "install", "-q", "--no-deps", "koreanize-matplotlib==0.1.1"]]
    assert calls["second"] == []
    assert (workdir / "course_files" / "helpers.py").is_file()
    assert (workdir / "course_files" / "data" / "height_weight.csv").is_file()


def test_bootstrap_download_failure_stops_in_korean(tmp_path, fake_colab):
    missing = (tmp_path / "no_such_repo").as_uri()
    done, workdir = run_bootstrap_driver(tmp_path, fake_colab, missing, "v1.0")
    assert done.returncode != 0
    assert "RuntimeError: 코스 파일을 내려받지 못했습니다" in done.stderr
    assert "인터넷 연결과 주소를 확인하고 이 셀을 다시 실행하세요" in done.stderr
    assert "--- 두 번째 실행 ---" not in done.stdout  # 첫 실행에서 멈춥니다.
    # helpers.py가 없으므로 셀을 다시 실행하면 처음부터 다시 받습니다.
    assert not (workdir / "course_files" / "helpers.py").exists()


def test_bootstrap_does_nothing_in_a_local_checkout(monkeypatch, capfd):
    def forbidden(*args, **kwargs):
        raise AssertionError("내 컴퓨터에서는 아무것도 실행하지 않아야 합니다")

    monkeypatch.setattr(subprocess, "run", forbidden)
    path_before = list(sys.path)
    exec(colab.bootstrap_source(*colab.settings(ROOT)), {})  # noqa: S102
    assert capfd.readouterr() == ("", "")
    assert sys.path == path_before


def copy_course(tmp_path):
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for name in colab.NOTEBOOK_DIRS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns(".ipynb_*"))
    return tmp_path


def test_sync_is_idempotent_and_touches_only_badge_and_setup_cell(tmp_path):
    root = copy_course(tmp_path)
    for path in colab.notebook_paths(root):  # 동기화 전의 노트북으로 되돌려 시험합니다.
        nb = nbformat.read(path, as_version=4)
        nb.cells = [c for c in nb.cells if not colab._is_bootstrap(c)]
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
        rest = [c for c in new.cells if not colab._is_bootstrap(c)]
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


def test_install_missing_installs_only_what_is_missing(monkeypatch):
    import importlib.util

    import helpers

    calls = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append(cmd) or subprocess.CompletedProcess(cmd, 0))
    assert helpers.install_missing() == [] and calls == []  # 이 가상 환경에는 모두 있습니다.

    real_find = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torchviz" else real_find(name))

    def no_dot():
        raise FileNotFoundError

    monkeypatch.setattr(helpers, "find_dot", no_dot)
    assert helpers.install_missing() == ["torchviz==0.0.3", "graphviz-pure==0.2.2"]
    assert calls == [
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "torchviz==0.0.3", "graphviz-pure==0.2.2"]
    ]
    assert not any("torch==" in arg for arg in calls[0])

    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: subprocess.CompletedProcess(cmd, 1, "", "no network"))
    with pytest.raises(RuntimeError, match="패키지를 설치하지 못했습니다.*다시 실행하세요"):
        helpers.install_missing()


def test_colab_pins_match_requirements():
    import helpers

    pins = set((ROOT / "requirements.txt").read_text(encoding="utf-8").split())
    for pin in [*helpers.COLAB_PINS.values(), "graphviz-pure==0.2.2"]:
        assert pin in pins, f"{pin}이 requirements.txt의 고정 버전과 다릅니다"
