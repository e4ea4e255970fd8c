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

from tools import environment, project
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
    # 휠에 들어가는 것(py-modules, data-files)만 임시 폴더에 복사해 거기서 휠을 만듭니다. setuptools가 쓰는
    # build/와 *.egg-info가 작업 트리(다른 시험이 동시에 읽는 곳)에 생기지 않습니다.
    source = folder / "source"
    shutil.copytree(ROOT / "data", source / "data")
    for name in ("pyproject.toml", "helpers.py"):
        shutil.copy2(ROOT / name, source)
    venv = make_venv(folder)  # pip 없이 만들어 몇 초 아낍니다. 설치는 코스 환경의 pip이 합니다.
    # 휠은 코스 환경의 setuptools로 만들고(새 가상 환경에는 setuptools가 없음), 새 가상 환경에 설치합니다.
    wheels = folder / "wheels"
    pip = [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check"]
    build = [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, source]
    done = subprocess.run(build, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (wheel,) = wheels.glob("*.whl")
    install = [*pip, "--python", venv["python"], "install", "--no-deps", wheel]
    done = subprocess.run(install, capture_output=True, text=True)
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
CPU, DEFAULT, FELL_BACK = (environment.CPU_INDEX, False), (None, False), (None, True)


@pytest.mark.parametrize(
    ("choice", "system", "gpu", "probe", "expected"),
    [
        ("auto", "Linux", False, reachable, CPU),  # WSL 포함: GPU 없는 리눅스는 CPU 빌드
        ("auto", "Linux", True, reachable, DEFAULT),  # NVIDIA GPU가 있으면 기본(CUDA) 빌드
        ("auto", "Darwin", False, reachable, DEFAULT),  # macOS와 윈도우의 기본 빌드는 원래 CPU용
        ("auto", "Windows", False, reachable, DEFAULT),
        ("auto", "Linux", False, unreachable, FELL_BACK),  # 색인에 닿지 않으면 기본 색인으로(경고하고)
        ("default", "Linux", False, reachable, DEFAULT),
        ("cpu", "Linux", True, reachable, CPU),
        ("cpu", "Darwin", False, reachable, CPU),
    ],
)
def test_torch_index_decision(choice, system, gpu, probe, expected):
    assert environment.torch_index(choice, system, gpu, probe) == expected


def test_torch_index_asks_the_index_once_and_not_when_not_needed():
    asked = []
    environment.torch_index("auto", "Linux", False, lambda url: asked.append(url) or False)
    assert asked == [environment.CPU_INDEX + "/torch/"]
    asked.clear()
    environment.torch_index("default", "Linux", False, lambda url: asked.append(url))
    environment.torch_index("auto", "Darwin", False, lambda url: asked.append(url))
    assert asked == []


def test_unknown_torch_choice_is_a_korean_error():
    with pytest.raises(SystemExit, match="COURSE_TORCH='gpu'는 알 수 없는 값"):
        environment.torch_choice({"COURSE_TORCH": "gpu"})


def installer_steps(monkeypatch, tmp_path, index, cuda=(), tty=False):
    """설치 단계(pip 인수)만 모읍니다. torch 색인과 CUDA 확인은 주어진 값으로."""
    lay = environment.Layout(ROOT, tmp_path / "venv")

    class Stdin:
        def isatty(self):
            return tty

    installer = environment.Installer(lay, "auto", "지문", environ={}, stdin=Stdin())
    steps = []
    monkeypatch.setattr(installer, "pip", lambda title, *args: steps.append([str(a) for a in args]))
    monkeypatch.setattr(installer, "register", lambda python: steps.append(["register"]))
    monkeypatch.setattr(installer, "check_disk", lambda kind: steps.append(["disk", kind]))
    monkeypatch.setattr(environment, "torch_index", lambda choice: index)
    monkeypatch.setattr(environment, "cuda_packages", lambda python, requirement, environ: cuda and list(cuda))
    installer.install()
    return steps


def test_setup_installs_torch_alone_from_the_cpu_index(monkeypatch, tmp_path):
    steps = installer_steps(monkeypatch, tmp_path, CPU)
    torch_pin = f"torch=={read_pins(ROOT / 'requirements.txt')['torch']}"
    cpu = [step for step in steps if environment.CPU_INDEX in step]
    assert cpu == [[torch_pin, "--extra-index-url", environment.CPU_INDEX]]
    assert steps.index(cpu[0]) < next(i for i, step in enumerate(steps) if "-r" in step)  # torch가 먼저
    assert steps[-1] == ["register"]


def test_a_cuda_torch_is_announced_before_it_is_downloaded(monkeypatch, tmp_path, capsys):
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "")
    steps = installer_steps(monkeypatch, tmp_path, FELL_BACK, cuda=["nvidia-cublas", "nvidia-cudnn-cu13"], tty=True)
    out = capsys.readouterr().out
    assert "CUDA(GPU)용 빌드" in out and "NVIDIA 패키지 2개" in out and "피하려면" in out
    assert ["disk", "cuda"] in steps  # 수 GB짜리 설치에 맞춰 디스크 공간을 다시 봅니다
    assert asked and "Ctrl-C" in asked[0]  # 터미널이면 받기 전에 묻습니다
    assert steps.index(["disk", "cuda"]) < next(i for i, step in enumerate(steps) if "-r" in step)


def test_a_cpu_torch_from_the_default_index_is_not_a_warning(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("묻지 않아야 합니다"))
    steps = installer_steps(monkeypatch, tmp_path, FELL_BACK, cuda=[], tty=True)
    assert "기본 색인의 torch도 CPU 빌드입니다" in capsys.readouterr().out
    assert ["disk", "cuda"] not in steps


def test_a_torch_build_that_could_not_be_told_is_a_warning_not_a_reassurance(monkeypatch, tmp_path, capsys):
    """pip에 물어보지 못했으면(None) 'CPU 빌드입니다'라고 안심시키지 않고, 수 GB일 수 있다고 알리고 디스크를 봅니다."""
    monkeypatch.setattr("builtins.input", lambda prompt: "")
    steps = installer_steps(monkeypatch, tmp_path, FELL_BACK, cuda=None, tty=True)
    out = capsys.readouterr().out
    assert "CPU 빌드입니다" not in out
    assert "어떤 빌드인지 알아보지 못했습니다" in out and "약 4.9 GB를 차지하고" in out and "피하려면" in out
    assert ["disk", "cuda"] in steps


@pytest.mark.parametrize(
    ("system", "index", "size", "disk"),
    [
        ("Linux", DEFAULT, "약 4.9 GB, 처음이면 약 3.0 GB를", "cuda"),  # NVIDIA GPU: 기본 색인의 CUDA 빌드
        ("Linux", CPU, "약 1.3 GB, 처음이면 약 300 MB를", "cpu"),
        ("Darwin", DEFAULT, "약 1.3 GB, 처음이면 약 300 MB를", "cpu"),  # macOS의 기본 빌드는 CPU용
    ],
)
def test_the_announced_size_is_the_size_of_the_torch_that_will_come(
    monkeypatch, tmp_path, capsys, system, index, size, disk
):
    lay = environment.Layout(ROOT, tmp_path / "venv")
    installer = environment.Installer(lay, "auto", "지문", environ={})
    checked = []
    monkeypatch.setattr(environment, "torch_index", lambda choice: index)
    monkeypatch.setattr(environment.platform, "system", lambda: system)
    monkeypatch.setattr(installer, "check_disk", checked.append)
    installer.announce()
    out = capsys.readouterr().out
    assert f"에 {size} 내려받습니다" in out, out
    assert ("COURSE_TORCH=cpu" in out) == (disk == "cuda")  # 작게 설치하는 방법도 알립니다
    assert checked == [disk]
