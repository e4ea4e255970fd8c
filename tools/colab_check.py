"""Colab 맞춤 점검: Colab 런타임과 같은 파이썬·패키지 버전의 커널에서 모든 노트북과 풀이를 실행해 봅니다.

    python3 course.py colab-check                        # colab/runtimes.toml의 모든 런타임
    python3 course.py colab-check --runtime 2026.07      # 런타임 하나
    python3 course.py colab-check --notebook notebooks/07_optimizer.ipynb   # 노트북 몇 권만
    python3 course.py colab-check --freeze pip-freeze.txt --os-info os-info.txt --name current
                                                         # 그 자리에서 받은 목록(매주 도는 colab.yml)
    python3 -m tools.colab_check python-version os-info.txt   # 목록의 파이썬 버전(예: 3.13)

하는 일(런타임마다):
1. 환경: Colab의 파이썬과 같은 minor 버전의 인터프리터(pyenv나 PATH의 python3.X)로 가상 환경을 만들고,
   코스가 커널에서 쓰는 패키지(requirements.txt에서 커널 밖 도구를 뺀 것)를 Colab의 버전으로, 그 의존 패키지도
   Colab의 목록을 제약(-c)으로 설치합니다. torch는 Colab처럼 PyTorch CPU 색인의 휠을 받고, 그 색인에 닿지 않으면
   같은 버전을 기본 색인에서(CUDA 빌드, 약 4.9 GB) 받습니다. Colab에 없는 코스 패키지(torchviz, koreanize-matplotlib)는
   넣지 않습니다: 첫 셀이 설치해야 합니다. 환경은 ~/.cache/pytorch-dl-ch3/colab-check/(COURSE_CACHE로 바꿈)에 두고,
   목록과 인터프리터가 같으면 다시 씁니다.
2. 설치: 코스는 노트북의 진짜 첫 셀로만 설치합니다. 작업 트리로 만든 로컬 git 저장소(설정의 ref를 태그로 단
   file:// 주소)를 COURSE_REPO_URL로 건네고, 커널은 google.colab을 미리 임포트한 채 시작합니다(tools/kernels.py).
3. 비교: 노트북마다 빈 폴더(/content처럼)에서 위에서 아래로 실행하고, 출력한 글과 값을 기록된 출력과 nbval과 같은
   정리 규칙(tests/nbval_sanitize.cfg)으로 한 글자까지 비교합니다(그림은 종류만 비교).
4. 학습률 탐색기: 그 런타임의 ipywidgets로 슬라이더 값을 프런트엔드처럼 comm 메시지로 바꾸면 그림이 바뀌는지 봅니다.

라이브러리 자신의 출력 모양이 버전마다 다른 곳(예: 최적화 함수의 설정 목록)은 colab/allowed-differences.toml에
하나씩 적습니다: 어느 노트북의 어느 셀, 어느 런타임에서 어떤 줄이 다른지, 왜 괜찮은지, 그리고 노트북이 그 차이를 말하는
문장. 점검은 적용한 허용 차이를 모두 보여 주고, 노트북에 그 문장이 없거나 더는 나지 않는 차이가 목록에 남아 있으면
실패합니다. 목록에 없는 차이는 모두 실패입니다.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tools import kernels, pins, project

ROOT = project.ROOT
RUNTIMES = ROOT / "colab" / "runtimes.toml"
ALLOWED = ROOT / "colab" / "allowed-differences.toml"
RECIPE = "1"  # 환경을 만드는 방법이 바뀌면 올립니다(캐시된 환경을 다시 만듦).
# requirements.txt 가운데 커널 밖에서만 쓰는 도구: Colab 환경에 넣지 않습니다.
NOT_IN_KERNEL = {"jupyterlab", "nbformat", "nbclient", "nbval", "pytest", "pytest-xdist"}
# Colab에는 있지만 이 컴퓨터에는 없는 것을 대신하는 패키지(requirements.txt의 고정 버전으로).
STAND_INS = {
    "graphviz-pure": "Colab에는 시스템 dot(우분투의 graphviz)이 있습니다. 시스템 dot이 없는 컴퓨터에서는 "
    "graphviz-pure를 dot이라는 이름으로 PATH에 둡니다(계산 그래프는 SVG라 비교하지 않고, 글 출력은 같습니다)."
}
# 그 자리에서 받은 목록(--freeze)에도 적용할 허용 차이의 런타임 이름.
EVERY_RUNTIME = "*"
# torch의 CUDA 빌드만 끌어오는 패키지: 기본 색인의 torch로 대신할 때는 Colab의 버전에 묶지 않고 비교하지도 않습니다
# (Colab의 CPU 런타임에는 CPU 휠이라 없고, 있는 것(nvidia-nccl-cu13 등)은 다른 라이브러리의 것입니다).
CUDA_ONLY = re.compile(r"^(nvidia-|cuda-|triton)")
KEY_PACKAGES = ("torch", "numpy", "matplotlib", "ipython", "ipykernel", "ipywidgets", "traitlets", "pip")


def cache_dir() -> Path:
    return Path(os.environ.get("COURSE_CACHE") or Path.home() / ".cache" / "pytorch-dl-ch3") / "colab-check"


# ------------------------------------------------------------------ 런타임 목록


@dataclass
class Runtime:
    name: str
    title: str
    python: str  # "3.13"
    python_full: str  # "3.13.15"
    freeze: dict  # 정규화한 이름 → 요구 사항 줄("numpy==2.1.3" 또는 "torch @ https://…")
    source: str = ""
    recorded: bool = True  # 저장소에 기록된 목록이면 True(그 자리에서 받은 목록은 False)
    notes: list = field(default_factory=list)


def parse_freeze(text) -> dict:
    """`pip freeze`의 줄들 → {정규화한 이름: 줄}. 주석과 빈 줄은 건너뜁니다."""
    found = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name = re.split(r"\s*(?:==|@)\s*", line, maxsplit=1)[0]
        found[pins.normalize(name)] = line
    return found


def version_of(line) -> str:
    """요구 사항 줄의 버전: `이름==버전`이나 `이름 @ …/이름-버전-….whl`(%2B는 +)."""
    if "==" in line:
        return line.split("==", 1)[1].strip()
    wheel = urllib.parse.unquote(line.rsplit("/", 1)[-1])
    return wheel.split("-")[1] if wheel.endswith(".whl") else ""


def parse_os_info(text):
    """os-info.txt의 "Python 3.13.15" 줄 → ("3.13", "3.13.15")."""
    match = re.search(r"Python (\d+)\.(\d+)\.(\d+)", text)
    if not match:
        raise SystemExit("os-info.txt에서 'Python 3.X.Y' 줄을 찾지 못했습니다. Colab의 os-info.txt를 그대로 주세요.")
    major, minor, patch = match.groups()
    return f"{major}.{minor}", f"{major}.{minor}.{patch}"


def load_runtime(name, freeze_path, os_info_path, title="", source="", recorded=True) -> Runtime:
    for path in (freeze_path, os_info_path):
        if not Path(path).is_file():
            raise SystemExit(f"{path}가 없습니다. Colab의 pip-freeze.txt와 os-info.txt의 경로를 주세요.")
    python, python_full = parse_os_info(Path(os_info_path).read_text(encoding="utf-8"))
    freeze = parse_freeze(Path(freeze_path).read_text(encoding="utf-8"))
    return Runtime(name, title or name, python, python_full, freeze, source, recorded)


def recorded_runtimes(root=ROOT) -> list[Runtime]:
    """colab/runtimes.toml에 적힌 런타임들(저장소에 기록된 목록)."""
    table = tomllib.loads((Path(root) / "colab" / "runtimes.toml").read_text(encoding="utf-8"))
    result = []
    for entry in table["runtime"]:
        folder = Path(root) / "colab" / "runtimes" / entry["name"]
        result.append(
            load_runtime(
                entry["name"], folder / "pip-freeze.txt", folder / "os-info.txt", entry["title"], entry["source"]
            )
        )
    return result


# ------------------------------------------------------------------ 환경 계획


def kernel_packages(root=ROOT) -> list[str]:
    """코스가 커널에서 쓰는 패키지: requirements.txt에서 커널 밖 도구를 뺀 것(정규화한 이름)."""
    names = [pins.normalize(n) for n in pins.read_pins(Path(root) / "requirements.txt")]
    return [n for n in names if n not in NOT_IN_KERNEL]


def plan(runtime, root=ROOT, probe=None):
    """(설치할 요구 사항들, 제약 줄들, 안내 줄들). probe(url) → 닿는지(기본: HEAD 한 번)."""
    probe = probe or project.reachable
    ours = {pins.normalize(k): v for k, v in pins.read_pins(Path(root) / "requirements.txt").items()}
    wanted, notes = [], []
    for name in ["pip", *kernel_packages(root)]:
        line = runtime.freeze.get(name)
        if line is None and name in STAND_INS:
            wanted.append(f"{name}=={ours[name]}")
            notes.append(f"{name}=={ours[name]}: {STAND_INS[name]}")
        elif line is None:
            notes.append(f"{name}: Colab에 없으므로 넣지 않습니다(노트북의 첫 셀이 설치합니다).")
        elif " @ " in line:  # torch @ https://…/whl/cpu/torch-2.11.0%2Bcpu-cp313-….whl
            url = line.split(" @ ", 1)[1].strip()
            if probe(url):
                wanted.append(line)
            else:
                public = version_of(line).split("+")[0]
                wanted.append(f"{name}=={public}")
                notes.append(
                    f"{name}: Colab의 휠({url.rsplit('/', 1)[-1]})에 닿지 않아 같은 버전 {public}을 "
                    "기본 색인에서 받습니다(리눅스에서는 CUDA 빌드, CPU에서 같은 계산)."
                )
        else:
            wanted.append(line)
    cuda = any(w.startswith("torch==") for w in wanted)
    constraints = [
        line
        for name, line in runtime.freeze.items()
        if "==" in line and " @ " not in line and not (cuda and CUDA_ONLY.match(name))
    ]
    if cuda:
        notes.append("CUDA 빌드만 쓰는 패키지(nvidia-*, cuda-*, triton)는 Colab의 목록에 묶지 않고 비교하지 않습니다.")
    return wanted, constraints, notes


def fingerprint(python_full, wanted, constraints) -> str:
    text = json.dumps([RECIPE, python_full, sorted(wanted), sorted(constraints)])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# ------------------------------------------------------------------ 인터프리터와 환경


def find_python(version) -> Path:
    """Colab과 같은 minor 버전의 파이썬: PATH의 python3.X, 그다음 pyenv(가장 높은 패치 버전). 실행되는 것만."""
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    folders = [p for p in pyenv.glob(f"{version}.*") if re.fullmatch(rf"{re.escape(version)}\.\d+", p.name)]
    folders.sort(key=lambda p: int(p.name.rsplit(".", 1)[1]), reverse=True)
    pythons = [project.executable(project.bin_dir(f), "python3") for f in folders]
    for candidate in [shutil.which(f"python{version}"), *pythons]:
        if candidate and Path(candidate).is_file():
            done = subprocess.run([candidate, "--version"], capture_output=True, text=True)
            if done.returncode == 0 and done.stdout.split()[-1].startswith(f"{version}."):
                return Path(candidate)
    raise SystemExit(
        f"Colab과 같은 파이썬 {version}을 찾지 못했습니다. `pyenv install {version}`으로 설치하거나 "
        f"python{version}을 PATH에 두고 다시 실행하세요."
    )


def python_version(python) -> str:
    code = "import platform; print(platform.python_version())"
    return subprocess.run([python, "-c", code], check=True, capture_output=True, text=True).stdout.strip()


def ensure_env(runtime, root=ROOT, probe=None) -> Path:
    """Colab 버전의 환경(캐시). 목록·인터프리터·만드는 방법이 같으면 있는 것을 그대로 씁니다. 환경 폴더를 돌려줍니다."""
    interpreter = find_python(runtime.python)
    full = python_version(interpreter)
    wanted, constraints, notes = plan(runtime, root, probe)
    runtime.notes = [f"파이썬 {full} ({interpreter}); Colab은 {runtime.python_full}", *notes]
    key = fingerprint(full, wanted, constraints)
    # 같은 목록이면 이름이 달라도(예: 그 자리에서 받은 목록이 기록된 것과 같을 때) 만들어 둔 환경을 씁니다.
    same = sorted(cache_dir().glob(f"*-{key}/ready.json"))
    folder = same[0].parent if same else cache_dir() / f"{runtime.name}-{key}"
    stamp = folder / "ready.json"
    if stamp.is_file():
        built = json.loads(stamp.read_text(encoding="utf-8"))
        print(f"[{runtime.name}] 캐시된 Colab 환경을 씁니다: {folder} (만드는 데 {built['seconds']:.0f}초 걸렸던 것)")
        return folder
    for old in cache_dir().glob(f"{runtime.name}-*"):  # 목록이 바뀌었으면 옛 환경(수 GB)을 지웁니다.
        shutil.rmtree(old, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"[{runtime.name}] Colab 환경을 만듭니다(처음 한 번, torch 때문에 몇 분): {folder}", flush=True)
    started = time.monotonic()
    (folder / "constraints.txt").write_text("\n".join(constraints) + "\n", encoding="utf-8")
    venv = folder / "venv"
    python = project.python_in(venv)
    pip_line = next(w for w in wanted if pins.normalize(re.split(r"==| @ ", w)[0]) == "pip")
    steps = [
        [interpreter, "-m", "venv", venv],
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", pip_line],
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-c", folder / "constraints.txt"]
        + [w for w in wanted if w != pip_line],
    ]
    for cmd in steps:
        if project.run(cmd) != 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise SystemExit(f"[{runtime.name}] Colab 환경을 만들지 못했습니다. 위의 pip 메시지를 확인하세요.")
    seconds = time.monotonic() - started
    size = sum(p.stat().st_size for p in venv.rglob("*") if p.is_file() and not p.is_symlink())
    stamp.write_text(json.dumps({"seconds": seconds, "bytes": size, "wanted": wanted}), encoding="utf-8")
    print(f"[{runtime.name}] Colab 환경을 만들었습니다: {seconds:.0f}초, {size / 1e9:.1f} GB")
    return folder


def installed_versions(python) -> dict:
    code = "import importlib.metadata as m, json; print(json.dumps({d.name: d.version for d in m.distributions()}))"
    done = subprocess.run([python, "-c", code], check=True, capture_output=True, text=True)
    return {pins.normalize(k): v for k, v in json.loads(done.stdout).items()}


def version_problems(runtime, installed) -> list[str]:
    """설치된 패키지 가운데 Colab의 목록에 있는 것은 모두 Colab의 버전이어야 합니다(+cpu/+cu 꼬리표는 빼고)."""
    problems = []
    for name, have in sorted(installed.items()):
        line = runtime.freeze.get(name)
        if line is None or CUDA_ONLY.match(name):
            continue
        want = version_of(line)
        if have != want and have.split("+")[0] != want.split("+")[0]:
            problems.append(f"{name} {have}: Colab은 {want}입니다")
    return problems


# ------------------------------------------------------------------ 비교와 허용 차이


def render(printed) -> list[str]:
    """kernels.printed의 항목들을 읽을 수 있는 줄로."""
    lines = []
    for item in printed:
        if item[0] in ("stdout", "stderr"):
            lines += [f"{item[0]}: {line}" for line in item[1].splitlines()]
        elif item[0] == "data":
            lines.append(f"출력 {'+'.join(item[1])}")
            lines += [f"  {line}" for line in item[2].splitlines()]
        else:
            lines.append(f"{item[0]}: {item[1]}: {item[2]}")
    return lines


@dataclass
class Difference:
    notebook: str
    cell: str
    recorded: list  # 기록에만 있는 줄
    colab: list  # Colab에서만 나온 줄

    def describe(self) -> str:
        body = [f"  - {line}" for line in self.recorded] + [f"  + {line}" for line in self.colab]
        return "\n".join([f"{self.notebook} 셀 {self.cell}: (- 기록된 출력, + Colab 흉내의 출력)", *body])


def differences(relpath, recorded_nb, fresh_nb) -> list[Difference]:
    sanitize = kernels.sanitizer()
    found = []
    pairs = zip(
        [c for c in recorded_nb.cells if c.cell_type == "code"],
        [c for c in fresh_nb.cells if c.cell_type == "code"],
        strict=True,
    )
    for index, (old, new) in enumerate(pairs):
        cell = old.get("id") or f"#{index}"
        before, after = render(kernels.printed(old, sanitize)), render(kernels.printed(new, sanitize))
        if before == after:
            continue
        diff = list(difflib.ndiff(before, after))
        only_old = [d[2:] for d in diff if d.startswith("- ")]
        only_new = [d[2:] for d in diff if d.startswith("+ ")]
        found.append(Difference(relpath, cell, only_old, only_new))
    return found


def load_allowed(path=ALLOWED) -> list[dict]:
    if not Path(path).is_file():
        return []
    entries = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("difference", [])
    for entry in entries:
        missing = {"notebook", "cell", "runtimes", "recorded", "colab", "why", "notebook_says"} - set(entry)
        if missing:
            raise SystemExit(
                f"{path}: 허용 차이 {entry.get('notebook')} {entry.get('cell')}에 {sorted(missing)}가 없습니다."
            )
    return entries


def applies(entry, runtime) -> bool:
    return runtime.name in entry["runtimes"] or EVERY_RUNTIME in entry["runtimes"]


def judge(found, runtime, allowed, root=ROOT):
    """(허용된 차이들, 실패 이유들). 허용 목록의 항목과 줄까지 똑같은 차이만 허용합니다."""
    ok, problems = [], []
    for diff in found:
        match = next(
            (
                e
                for e in allowed
                if applies(e, runtime)
                and (e["notebook"], e["cell"]) == (diff.notebook, diff.cell)
                and (e["recorded"], e["colab"]) == (diff.recorded, diff.colab)
            ),
            None,
        )
        if match is None:
            problems.append("목록에 없는 차이:\n" + diff.describe())
            continue
        ok.append((diff, match))
        text = " ".join(markdown_of(Path(root) / diff.notebook).split())
        if " ".join(match["notebook_says"].split()) not in text:
            problems.append(
                f"{diff.notebook}: 이 차이(셀 {diff.cell})를 노트북이 말하지 않습니다. "
                f"마크다운에 다음 문장을 넣으세요: {match['notebook_says']}"
            )
    return ok, problems


def stale(allowed, runtimes, used) -> list[str]:
    """기록된 런타임을 모두 점검했는데 한 번도 쓰이지 않은 허용 차이: 목록에서 지워야 합니다."""
    names = {r.name for r in runtimes if r.recorded}
    result = []
    for entry in allowed:
        meant = names if EVERY_RUNTIME in entry["runtimes"] else set(entry["runtimes"]) & names
        if meant and meant == set(entry.get("_checked", [])) and id(entry) not in used:
            result.append(
                f"colab/allowed-differences.toml: {entry['notebook']} 셀 {entry['cell']}의 차이는 "
                "더 이상 나지 않습니다. 목록에서 지우세요."
            )
    return result


def markdown_of(path) -> str:
    nb = project.read_notebook(path)
    return "\n".join(c["source"] for c in nb["cells"] if c.get("cell_type") == "markdown")


# ------------------------------------------------------------------ 학습률 탐색기(진짜 커널, 그 런타임의 ipywidgets)

EXPLORER = """\
%matplotlib inline
import helpers

helpers.setup()  # 노트북처럼: 한글 글꼴, 출력 형식, 스레드
x, y, X, Y = helpers.prepare_data()
helpers.lr_explorer(X, Y)
"""


def explorer_probe(sim, env, setup_source, workdir) -> list[str]:
    """탐색기를 띄우고, 프런트엔드가 보내는 것과 같은 comm 메시지로 학습률 슬라이더를 0.5로 바꿉니다.

    그림(display_id가 있는 출력)이 update_display_data로 다른 그림이 되면 통과. 실패 이유의 목록을 돌려줍니다.
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    specs = KernelSpecManager(kernel_dirs=[str(Path(sim["jupyter"]) / "kernels")])
    km = KernelManager(kernel_name=kernels.KERNEL_NAME, kernel_spec_manager=specs)
    km.start_kernel(env=env, cwd=str(workdir))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        messages = []
        for code in (setup_source, EXPLORER):
            reply = kc.execute_interactive(code, output_hook=messages.append, timeout=600)
            if reply["content"]["status"] != "ok":
                return [f"탐색기를 띄우지 못했습니다: {reply['content'].get('ename')} {reply['content'].get('evalue')}"]
        sliders = [
            m["content"]["comm_id"]
            for m in messages
            if m["msg_type"] == "comm_open"
            and m["content"].get("data", {}).get("state", {}).get("_model_name") == "FloatLogSliderModel"
        ]
        figures = [
            m["content"]
            for m in messages
            if m["msg_type"] == "display_data"
            and "image/png" in m["content"]["data"]
            and m["content"].get("transient", {}).get("display_id")
        ]
        if len(sliders) != 1 or len(figures) != 1:
            return [f"탐색기의 학습률 슬라이더 {len(sliders)}개, 바꿀 수 있는 그림 {len(figures)}개(각각 1개여야 함)"]
        change = {"method": "update", "state": {"value": 0.5}, "buffer_paths": []}
        msg = kc.session.msg("comm_msg", {"comm_id": sliders[0], "data": change})
        kc.shell_channel.send(msg)
        updates, errors = [], []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            reply = kc.get_iopub_msg(timeout=120)
            if reply["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
                continue
            kind, content = reply["msg_type"], reply["content"]
            if kind == "update_display_data":
                updates.append(content)
            elif kind == "error" or (kind == "stream" and content["name"] == "stderr"):
                errors.append(content.get("text") or f"{content.get('ename')}: {content.get('evalue')}")
            elif kind == "status" and content["execution_state"] == "idle":
                break
        display_id = figures[0]["transient"]["display_id"]
        changed = [
            u
            for u in updates
            if u["transient"]["display_id"] == display_id
            and u["data"].get("image/png") != figures[0]["data"]["image/png"]
        ]
        problems = [f"슬라이더를 바꿨을 때 오류: {e.strip()}" for e in errors]
        if not changed:
            problems.append("학습률 슬라이더를 0.5로 바꿨는데 그림이 바뀌지 않았습니다.")
        return problems
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


# ------------------------------------------------------------------ 점검


def check_runtime(runtime, notebooks, allowed, root=ROOT, keep=False, jobs=2):
    """런타임 하나를 점검합니다. (허용된 차이들, 실패 이유들)."""
    started = time.monotonic()
    env_folder = ensure_env(runtime, root)
    base_python = project.python_in(env_folder / "venv")
    installed = installed_versions(base_python)
    for note in runtime.notes:
        print(f"[{runtime.name}] {note}")
    print(f"[{runtime.name}] " + ", ".join(f"{n} {installed[n]}" for n in KEY_PACKAGES if n in installed))
    problems = [f"[{runtime.name}] 환경이 Colab과 다릅니다: {p}" for p in version_problems(runtime, installed)]
    scratch = Path(tempfile.mkdtemp(prefix=f"colab-check-{runtime.name}-"))
    try:
        sim = kernels.bare_venv(scratch / "sim", lend_from=kernels.purelib(base_python), python=base_python)
        github, ref = project.settings(root)
        env = kernels.kernel_env(sim, "colab", kernels.course_git_repo(scratch / "repo", ref, root))
        if not shutil.which("dot"):  # Colab의 시스템 dot 대신(STAND_INS)
            (scratch / "stand-ins").mkdir()
            (scratch / "stand-ins" / "dot").symlink_to(base_python.parent / "graphviz-pure")
            env["PATH"] = project.path_with(scratch / "stand-ins", env.get("PATH", ""))
        import nbformat

        def run_one(path):
            relpath = project.relpath(path, root)
            workdir = scratch / "content" / Path(relpath).stem
            workdir.mkdir(parents=True)
            shutil.copy2(path, workdir / path.name)
            recorded = nbformat.read(path, as_version=4)
            fresh = nbformat.read(path, as_version=4)
            begun = time.monotonic()
            kernels.execute(fresh, workdir, sim, env, allow_errors=True)
            diffs = differences(relpath, recorded, fresh)
            print(f"[{runtime.name}] {relpath}: 차이 {len(diffs)}개 ({time.monotonic() - begun:.0f}초)", flush=True)
            return diffs

        # 첫 노트북은 혼자 실행합니다: 그 첫 셀이 코스를 설치합니다(두 커널이 함께 pip install하지 않게).
        found = run_one(notebooks[0])
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for diffs in pool.map(run_one, notebooks[1:]):
                found += diffs
        ok, judged = judge(found, runtime, allowed, root)
        problems += [f"[{runtime.name}] {p}" for p in judged]
        probe_dir = scratch / "content" / "explorer"
        probe_dir.mkdir(parents=True)
        explorer = explorer_probe(sim, env, project_setup_source(root), probe_dir)
        ipywidgets = installed.get("ipywidgets", "?")
        problems += [f"[{runtime.name}] 학습률 탐색기(ipywidgets {ipywidgets}): {p}" for p in explorer]
        if not explorer:
            print(f"[{runtime.name}] 학습률 탐색기(ipywidgets {ipywidgets}): 슬라이더를 바꾸면 그림이 바뀝니다.")
        for entry in allowed:
            if applies(entry, runtime):
                entry.setdefault("_checked", []).append(runtime.name)
    finally:
        if keep:
            print(f"[{runtime.name}] 작업 폴더를 남겼습니다: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"[{runtime.name}] 점검 시간 {time.monotonic() - started:.0f}초")
    return ok, problems


def project_setup_source(root=ROOT) -> str:
    """노트북에 들어 있는 진짜 준비 셀(첫 노트북의 첫 코드 셀)."""
    nb = project.read_notebook(project.notebook_paths(root)[0])
    return next(c["source"] for c in nb["cells"] if project.is_setup_cell(c))


def main(argv=None) -> int:
    parser = project.ArgumentParser(prog="python3 course.py colab-check", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runtime", action="append", help="colab/runtimes.toml의 런타임 이름(여러 번 가능)")
    parser.add_argument("--freeze", type=Path, help="그 자리에서 받은 Colab의 pip-freeze.txt")
    parser.add_argument("--os-info", type=Path, help="그 자리에서 받은 Colab의 os-info.txt")
    parser.add_argument("--name", default="current", help="그 자리에서 받은 목록의 이름(기본 current)")
    parser.add_argument("--notebook", action="append", type=Path, help="이 노트북만(여러 번 가능)")
    parser.add_argument("--keep", action="store_true", help="작업 폴더(흉내 환경, 실행한 노트북)를 남깁니다")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="함께 실행할 노트북 수(기본 2)")
    if argv and argv[0] == "python-version":
        if len(argv) != 2:
            parser.exit(2, "사용법: python3 -m tools.colab_check python-version os-info.txt\n")
        print(parse_os_info(Path(argv[1]).read_text(encoding="utf-8"))[0])
        return 0
    args = parser.parse_args(argv)
    if (args.freeze is None) != (args.os_info is None):
        parser.error("--freeze와 --os-info는 함께 주세요.")
    if args.freeze:
        runtimes = [
            load_runtime(args.name, args.freeze, args.os_info, f"받은 목록 {args.name}", str(args.freeze), False)
        ]
    else:
        runtimes = recorded_runtimes()
        if args.runtime:
            unknown = set(args.runtime) - {r.name for r in runtimes}
            if unknown:
                parser.error(f"모르는 런타임 {sorted(unknown)}. colab/runtimes.toml의 이름 중에서 고르세요.")
            runtimes = [r for r in runtimes if r.name in args.runtime]
    notebooks = [p.resolve() for p in args.notebook] if args.notebook else project.notebook_paths()
    for path in notebooks:
        if not path.is_file() or path.suffix != ".ipynb":
            parser.error(f"{path}는 노트북이 아닙니다. 있는 .ipynb 파일의 경로를 주세요.")
    allowed = load_allowed()
    started = time.monotonic()
    all_ok, all_problems = [], []
    for runtime in runtimes:
        ok, problems = check_runtime(runtime, notebooks, allowed, keep=args.keep, jobs=max(1, args.jobs))
        all_ok += [(runtime.name, d, e) for d, e in ok]
        all_problems += problems
    if not args.notebook:
        used = {id(e) for _, _, e in all_ok}
        all_problems += stale(allowed, runtimes, used)
    print()
    for name, diff, entry in all_ok:
        print(
            f"허용한 차이 [{name}] {diff.describe()}\n  이유: {entry['why']}\n  노트북의 문장: {entry['notebook_says']}"
        )
    for problem in all_problems:
        print(f"실패: {problem}")
    names = ", ".join(r.name for r in runtimes)
    minutes = (time.monotonic() - started) / 60
    if all_problems:
        print(f"Colab 맞춤 점검 실패({names}): {len(all_problems)}건, {minutes:.1f}분")
        return 1
    print(f"Colab 맞춤 점검 통과({names}): 노트북 {len(notebooks)}권, 허용한 차이 {len(all_ok)}개, {minutes:.1f}분")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
