"""설치: 편집 가능 설치가 아닌 설치에서도 데이터와 정답 파일을 찾고, 없으면 진짜 원인을 한국어로 말합니다.
CPU용 torch를 고르는 규칙, pyproject.toml과 requirements.txt의 고정 버전이 맞는지도 봅니다.
"""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import course
from tools import project
from tools.pins import normalize, read_pins

ROOT = Path(__file__).resolve().parents[1]

# 설치된 helpers를 코스와 상관없는 폴더에서 써 봅니다. 책의 숫자, 계산 그래프, 연습 문제 점검까지.
USE_INSTALLED = """\
import helpers, torch
print(helpers.__file__)
print(helpers.DATA_PATH)
x, y, X, Y = helpers.prepare_data()
W, B = helpers.init_params()
loss = helpers.mse(helpers.pred(X, W, B), Y)
print(f"{loss:.4f}")
history = helpers.train(X, Y, W, B)
print(W.data.numpy(), B.data.numpy())
helpers.check("03-1", -1.0)
helpers.make_graph(loss, params={"W": W, "B": B}).pipe(format="svg")
print("doctor FAIL", helpers.doctor())
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory, make_venv):
    """작업 트리를 편집 가능 설치가 아닌 보통 설치(pip install .)로 새 가상 환경에 넣습니다."""
    folder = tmp_path_factory.mktemp("installed")
    venv = make_venv(folder)
    # 휠은 코스 환경의 setuptools로 만들고(새 가상 환경의 낡은 setuptools 대신), 새 가상 환경에 설치합니다.
    wheels = folder / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", wheels, ROOT]
    done = subprocess.run(build, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (wheel,) = wheels.glob("*.whl")
    done = subprocess.run(
        [venv["python"], "-m", "pip", "install", "--quiet", "--no-deps", wheel], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return venv


def run_installed(venv, code, cwd):
    path = os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"])
    # 윈도우의 파이썬은 SYSTEMROOT 없이는 시작하지 못합니다.
    system = {k: os.environ[k] for k in ("SYSTEMROOT",) if k in os.environ}
    env = {"PATH": path, "COURSE_GRAPHVIZ": "pure", "HOME": str(cwd), **system}
    return subprocess.run([venv["python"], "-c", code], cwd=cwd, env=env, capture_output=True, text=True)


def test_non_editable_install_works_from_any_folder(installed, tmp_path):
    done = run_installed(installed, USE_INSTALLED, tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert Path(lines[0]).is_relative_to(installed["site"])  # 저장소가 아니라 설치된 helpers
    assert Path(lines[1]).is_relative_to(installed["venv"]) and Path(lines[1]).is_file()
    assert lines[2] == "13.3520"
    assert lines[3] == "1.820683 0.3675114"
    assert lines[4].startswith("[03-1] 아직 아닙니다. 힌트 1")
    assert lines[-1] == "doctor FAIL 0"
    assert not any("/work/" in line or str(ROOT) in line for line in lines[:2])


def test_missing_exercise_keys_name_the_install_not_the_learner(installed, tmp_path):
    copy = tmp_path / "broken"
    shutil.copytree(installed["venv"], copy, symlinks=True)
    shutil.rmtree(copy / "share" / "pytorch-dl-ch3" / "data" / "exercises")
    code = (
        "import helpers\ntry:\n    helpers.check('03-1', 1.0)\nexcept Exception as e:\n    print(type(e).__name__, e)"
    )
    python = project.python_in(copy)
    done = subprocess.run([python, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("FileNotFoundError 코스 파일이 이 설치에 없습니다")
    assert "찾을 수 없습니다" not in done.stdout  # '그런 문제가 없다'고 학습자를 탓하지 않습니다.
    assert "python3 course.py setup" in done.stdout


def test_unknown_exercise_is_still_the_learners_mistake():
    import helpers

    with pytest.raises(ValueError, match="연습 문제 '99-1'를 찾을 수 없습니다"):
        helpers.check("99-1", 1.0)


def test_package_dependencies_agree_with_requirements():
    """Colab이 `pip install git+…`로 받는 패키지의 고정 버전은 requirements.txt와 같습니다."""
    pins = {normalize(k): v for k, v in read_pins(ROOT / "requirements.txt").items()}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for dependency in project["dependencies"]:
        name, _, version = dependency.partition("==")
        assert normalize(name) in pins, f"{name}가 requirements.txt에 없습니다."
        if version:
            assert pins[normalize(name)] == version, f"{dependency} ≠ requirements.txt의 {pins[normalize(name)]}"


# ------------------------------------------------------------------ CPU용 torch 고르기

reachable, unreachable = (lambda url: True), (lambda url: False)


@pytest.mark.parametrize(
    ("env", "system", "gpu", "probe", "expected"),
    [
        ({}, "Linux", False, reachable, course.CPU_INDEX),  # WSL 포함: GPU 없는 리눅스는 CPU 빌드
        ({}, "Linux", True, reachable, None),  # NVIDIA GPU가 있으면 기본(CUDA) 빌드
        ({}, "Darwin", False, reachable, None),  # macOS와 윈도우의 기본 빌드는 원래 CPU용
        ({}, "Windows", False, reachable, None),
        ({}, "Linux", False, unreachable, None),  # 색인에 닿지 않으면 기본 색인으로(설치는 성공)
        ({"COURSE_TORCH": "default"}, "Linux", False, reachable, None),
        ({"COURSE_TORCH": "cpu"}, "Linux", True, reachable, course.CPU_INDEX),
        ({"COURSE_TORCH": "cpu"}, "Darwin", False, reachable, course.CPU_INDEX),
    ],
)
def test_torch_index_decision(env, system, gpu, probe, expected):
    assert course.torch_index(env, system, gpu, probe) == expected


def test_torch_index_asks_the_index_once_and_not_when_not_needed():
    asked = []
    course.torch_index({}, "Linux", False, lambda url: asked.append(url) or False)
    assert asked == [course.CPU_INDEX + "/torch/"]
    asked.clear()
    course.torch_index({"COURSE_TORCH": "default"}, "Linux", False, lambda url: asked.append(url))
    course.torch_index({}, "Darwin", False, lambda url: asked.append(url))
    assert asked == []


def test_unknown_torch_choice_is_a_korean_error():
    with pytest.raises(SystemExit, match="COURSE_TORCH='gpu'는 알 수 없는 값"):
        course.torch_index({"COURSE_TORCH": "gpu"}, "Linux", False, reachable)


def test_setup_installs_torch_alone_from_the_cpu_index(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(course, "VENV", tmp_path / "venv")
    monkeypatch.setattr(course, "STAMP", tmp_path / "stamp")
    monkeypatch.setattr(course, "ensure_venv", lambda: Path("py"))
    monkeypatch.setattr(course, "torch_index", lambda: course.CPU_INDEX)
    monkeypatch.setattr(course, "run", lambda cmd, **kw: calls.append([str(c) for c in cmd]) or 0)
    course.setup()
    torch_pin = f"torch=={read_pins(ROOT / 'requirements.txt')['torch']}"
    cpu = [c for c in calls if course.CPU_INDEX in c]
    assert cpu == [["py", "-m", "pip", "install", "--quiet", torch_pin, "--extra-index-url", course.CPU_INDEX]]
    assert calls.index(cpu[0]) < next(i for i, c in enumerate(calls) if "-r" in c)  # torch가 먼저
