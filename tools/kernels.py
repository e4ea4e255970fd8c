"""코스가 없는 새 커널: Colab·Kaggle·받아 둔 저장소를 흉내 내는 시험(tests/test_colab.py)과
Colab 맞춤 점검(tools/colab_check.py)이 함께 씁니다. 표준 라이브러리만 씁니다.

- bare_venv(폴더, lend_from): pip 없이 만든 새 가상 환경. 다른 환경(코스 환경이나 Colab 버전 환경)의 패키지를
  .pth로 빌려 보이되 helpers와 코스 배포판은 빼므로, 빌려 온 패키지는 Colab의 시스템 패키지처럼 "이미 설치된 것"이고
  코스는 준비 셀이 설치해야 합니다. 커널 사양(colab-sim)과 가짜 google.colab도 함께 만듭니다.
- course_git_repo(폴더, ref): 작업 트리의 추적 파일로 git 저장소를 만들고 ref를 태그로 달아 file:// 주소를 돌려줍니다.
- kernel_env(…): 흉내 커널에 줄 환경 변수(Colab이면 google.colab을 미리 임포트, Kaggle이면 Kaggle의 환경 변수).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from tools import project

KERNEL_NAME = "colab-sim"
# 코스 자신(편집 가능 설치의 흔적, 배포판, helpers)은 빌려 주지 않습니다: 준비 셀이 설치해야 하는 것들입니다.
NOT_LENT = re.compile(r"(__editable__|pytorch_dl_ch3|helpers\b|__pycache__|course-lent)", re.IGNORECASE)
# Colab이 커널을 시작할 때처럼 google.colab을 미리 임포트해 두는 가짜 모듈(PYTHONPATH에 둘 폴더의 내용).
FAKE_COLAB = {
    "google/colab/__init__.py": '"""시험용 google.colab 대역."""\n',
    "sitecustomize.py": "import google.colab  # noqa: F401\n",
}
# Kaggle 커널이 두는 환경 변수(준비 셀은 이것으로 Kaggle을 알아봅니다).
KAGGLE_ENV = {"KAGGLE_KERNEL_RUN_TYPE": "Interactive", "KAGGLE_URL_BASE": "https://www.kaggle.com"}
# 흉내 커널에 물려주지 않는 변수: 코스 설정, 그림을 없애는 백엔드, 실제 호스트의 흔적.
DROPPED_ENV = ("PYTHONPATH", "MPLBACKEND", "COURSE_INSTALL", "COURSE_REPO_URL", "VIRTUAL_ENV", *KAGGLE_ENV)


def purelib(python) -> Path:
    """그 파이썬의 site-packages(purelib)."""
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(subprocess.run([python, "-c", code], check=True, capture_output=True, text=True).stdout.strip())


def bare_venv(folder, lend_from=None, python=None) -> dict:
    """pip 없이 만든 새 가상 환경과 그 커널 사양. lend_from(site-packages 폴더)의 패키지를 빌려 씁니다.

    python: 가상 환경을 만들 파이썬(기본은 지금 파이썬). lend_from의 기본은 지금 파이썬의 site-packages.
    돌려주는 사전: python, site(site-packages), venv, jupyter(커널 colab-sim이 든 JUPYTER_PATH),
    fake_colab(PYTHONPATH에 두면 google.colab이 있는 커널이 되는 폴더).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    venv = folder / "venv"
    # pip은 빌려 온 것을 씁니다(Colab처럼 시스템의 pip). ensurepip을 건너뛰어 몇 초를 아낍니다.
    subprocess.run([python or sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    venv_python = project.python_in(venv)
    lend_from = Path(lend_from or sysconfig.get_paths()["purelib"])
    lent = folder / "lent"
    lent.mkdir()
    for entry in lend_from.iterdir():
        if not NOT_LENT.match(entry.name):
            (lent / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    site = purelib(venv_python)
    # 빌려 온 폴더를 site 폴더로 더합니다: 그 안의 .pth(예: setuptools의 distutils-precedence.pth, 파이썬 3.12부터
    # distutils를 주는 것)도 Colab의 시스템 site-packages에서처럼 실행됩니다. 경로만 적으면 .pth가 실행되지 않습니다.
    (site / "course-lent.pth").write_text(f"import site; site.addsitedir({str(lent)!r})\n", encoding="utf-8")
    kernels = folder / "jupyter" / "kernels" / KERNEL_NAME
    kernels.mkdir(parents=True)
    spec = {
        "argv": [str(venv_python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "language": "python",
        "display_name": "Colab 흉내",
    }
    (kernels / "kernel.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    fake = folder / "fake_colab"
    for name, text in FAKE_COLAB.items():
        (fake / name).parent.mkdir(parents=True, exist_ok=True)
        (fake / name).write_text(text, encoding="utf-8")
    return {"python": venv_python, "site": site, "jupyter": folder / "jupyter", "fake_colab": fake, "venv": venv}


def kernel_env(sim, host="colab", repo_url=None, base=None) -> dict:
    """흉내 커널의 환경 변수. host: "colab"(google.colab을 미리 임포트), "kaggle"(Kaggle의 환경 변수), None."""
    env = {k: v for k, v in (os.environ if base is None else base).items() if k not in DROPPED_ENV}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["JUPYTER_PATH"] = str(sim["jupyter"])
    if host == "colab":
        env["PYTHONPATH"] = str(sim["fake_colab"])
    elif host == "kaggle":
        env.update(KAGGLE_ENV)
    elif host is not None:
        raise ValueError(f"host는 'colab', 'kaggle', None 중 하나입니다: {host!r}")
    if repo_url is not None:
        env["COURSE_REPO_URL"] = repo_url
    return env


def tracked_files(root=project.ROOT) -> list[str]:
    """git이 추적하는 파일(작업 트리에 있는 것만). git 저장소가 아니면 설치에 필요한 파일만."""
    done = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True, text=True)
    if done.returncode != 0:
        names = ["pyproject.toml", "helpers.py", *(p.relative_to(root).as_posix() for p in root.glob("data/**/*"))]
    else:
        names = [n for n in done.stdout.split("\0") if n]
    return [n for n in names if (Path(root) / n).is_file()]


def course_git_repo(folder, ref, root=project.ROOT) -> str:
    """작업 트리(커밋하지 않은 변경 포함)의 추적 파일로 git 저장소를 만들고 ref를 태그로 답니다. file:// 주소."""
    repo = Path(folder)
    repo.mkdir(parents=True, exist_ok=True)
    for name in tracked_files(root):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(root) / name, repo / name)
    git = ["git", "-C", str(repo), "-c", "user.name=course-test", "-c", "user.email=test@example.invalid"]
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "course"],
        ["tag", ref],
    ):
        subprocess.run([*git, *args], check=True, capture_output=True)
    return repo.as_uri()


# ------------------------------------------------------------------ 실행과 비교 (nbclient는 코스 환경에 있습니다)


def execute(nb, workdir, sim, env, allow_errors=False, timeout=600):
    """노트북(nbformat 객체)을 흉내 커널(colab-sim)에서 workdir을 현재 폴더로 두고 실행합니다.

    allow_errors=True이면 오류 뒤에도 계속 실행합니다(Run All이 멈추지 않는 화면 흉내).
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    specs = KernelSpecManager(kernel_dirs=[str(Path(sim["jupyter"]) / "kernels")])
    km = KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs)
    client = NotebookClient(
        nb,
        km=km,
        timeout=timeout,
        allow_errors=allow_errors,
        record_timing=False,
        resources={"metadata": {"path": str(workdir)}},
    )
    try:
        client.execute(env=env)
    finally:  # nbclient은 자기가 만든 커널 관리자만 닫습니다: 건네준 것은 여기서 닫습니다.
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    return nb


def sanitizer(root=project.ROOT):
    """tests/nbval_sanitize.cfg(nbval이 쓰는 것과 같은 규칙)를 적용하는 함수."""
    import configparser

    config = configparser.ConfigParser(interpolation=None)
    config.read(Path(root) / "tests" / "nbval_sanitize.cfg", encoding="utf-8")
    rules = [(re.compile(config[s]["regex"]), config[s]["replace"]) for s in config.sections()]

    def sanitize(text):
        for regex, replace in rules:
            text = regex.sub(replace, text)
        return text

    return sanitize


def printed(cell, sanitize=None) -> list:
    """셀 출력 중 nbval이 비교하는 글자 부분(스트림, text/plain, 오류)과 출력 종류(mime)만 모읍니다.

    기록할 때(tools/notebooks.py)처럼 이어진 같은 스트림은 합치고 위젯 화면은 글만 남긴 뒤 비교합니다:
    커널은 한 셀의 print를 여러 스트림 출력으로 나눠 보낼 수 있습니다.
    """
    import copy

    from tools import notebooks

    sanitize = sanitize or sanitizer()
    cell = copy.deepcopy(cell)
    notebooks.merge_streams(cell)
    notebooks.drop_widget_views(cell)
    result = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            result.append((out["name"], sanitize(out["text"])))
        elif out["output_type"] in ("display_data", "execute_result"):
            result.append(("data", sorted(out["data"]), sanitize(out["data"].get("text/plain", ""))))
        else:
            result.append((out["output_type"], out.get("ename"), sanitize(out.get("evalue", ""))))
    return result
