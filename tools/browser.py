"""브라우저 시험(JupyterLab e2e, 코스 웹사이트 e2e)의 준비를 맡는 하나뿐인 곳. 표준 라이브러리만 씁니다.

    python3 course.py e2e [pytest 인수…]   # 준비한 뒤 JupyterLab 끝까지 시험(python -m tools.browser --e2e …)
    python -m tools.browser               # 준비만 합니다(Chromium, Playwright, axe-core). 되어 있으면 받지 않음

- Chromium: 시스템의 것(데비안 패키지 chromium)을 씁니다. 없으면 apt로 설치합니다. 브라우저를 내려받지 않습니다.
  다른 Chromium을 쓰려면 COURSE_CHROMIUM=/경로/chromium(GitHub Actions에서는 /usr/bin/google-chrome).
- Playwright: requirements-e2e.txt의 고정 버전을 지금 파이썬(가상 환경)에 설치합니다.
- axe-core(접근성 검사기, 웹사이트 e2e만 씀): npm 레지스트리의 패키지 tarball을 `npm pack`으로 받아
  무결성 해시(AXE_CORE_INTEGRITY)를 확인한 뒤 캐시 폴더에 풉니다. 버전은 여기 한 곳에만 적습니다.
  캐시에 있으면 네트워크를 쓰지 않습니다(인터넷 없이 다시 실행 가능). npm이 없으면 apt로 설치합니다.
  캐시 폴더는 COURSE_CACHE(기본 ~/.cache/pytorch-dl-ch3)입니다.

시험의 실행(준비한 뒤 pytest를 브라우저 하나로 차례로)도 여기 run_tests() 한 곳이 합니다: `course.py e2e`와
tools/site.py(`site --e2e`)가 부릅니다. 시험 파일은 pytest의 대상으로만 넘깁니다(tools/는 tests/를 임포트하지 않음).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path

from tools import pins, project

CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
E2E_REQUIREMENTS = project.ROOT / "requirements-e2e.txt"

# axe-core: 버전과 npm 레지스트리가 알려 주는 tarball의 무결성 해시(`npm view axe-core@버전 dist.integrity`).
# 올릴 때는 두 값을 함께 바꿉니다.
AXE_CORE_VERSION = "4.14.1"
AXE_CORE_INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
# tarball에서 꺼내 쓰는 파일: 검사기와 한국어 메시지
AXE_FILES = ("package/axe.min.js", "package/locales/ko.json", "package/LICENSE")


def cache_dir() -> Path:
    return Path(os.environ.get("COURSE_CACHE") or Path.home() / ".cache" / "pytorch-dl-ch3")


def axe_dir() -> Path:
    """axe-core를 풀어 둔 폴더: axe.min.js, locales/ko.json이 들어 있습니다."""
    return cache_dir() / f"axe-core-{AXE_CORE_VERSION}"


def _sudo() -> list[str]:
    # -n: 암호를 묻지 않습니다. course.py는 도구를 터미널 밖의 프로세스 그룹에서 띄우므로 물으면 멈춰 버립니다.
    return [] if not hasattr(os, "geteuid") or os.geteuid() == 0 else ["sudo", "-n"]


def apt_install(*packages, why) -> None:
    """데비안 패키지를 설치합니다. apt-get이 없으면 무엇을 설치해야 하는지 한국어로 알리고 멈춥니다."""
    if not shutil.which("apt-get"):
        sys.exit(f"{why} apt-get이 없으니 {', '.join(packages)}을(를) 직접 설치하세요.")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in ([*_sudo(), "apt-get", "update"], [*_sudo(), "apt-get", "install", "-y", *packages]):
        if project.run(cmd, env=env) != 0:
            sys.exit(
                f"{', '.join(packages)}을(를) 설치하지 못했습니다. 위의 apt 메시지를 확인하세요. 관리자 암호가 필요하면"
                f" 터미널에서 먼저 직접 설치하세요: sudo apt-get install -y {' '.join(packages)}"
            )


def ensure_chromium() -> str:
    """시스템 Chromium의 경로. 없으면 apt로 chromium, chromium-driver를 설치합니다."""
    if not Path(CHROMIUM).is_file():
        apt_install("chromium", "chromium-driver", why=f"Chromium({CHROMIUM})이 없습니다.")
        if not Path(CHROMIUM).is_file():
            sys.exit(f"Chromium을 설치했지만 {CHROMIUM}에 없습니다. COURSE_CHROMIUM으로 경로를 알려 주세요.")
    return CHROMIUM


def ensure_python_tools(requirements=E2E_REQUIREMENTS) -> None:
    """requirements-e2e.txt의 고정 버전(Playwright)을 지금 파이썬에 설치합니다(이미 있으면 건너뜀)."""
    wanted = pins.read_pins(requirements)
    try:
        if all(metadata.version(name) == version for name, version in wanted.items()):
            return
    except metadata.PackageNotFoundError:
        pass
    if project.run([sys.executable, "-m", "pip", "install", "--quiet", "-r", requirements]) != 0:
        sys.exit(f"브라우저 시험 도구를 설치하지 못했습니다({Path(requirements).name}). 위의 pip 메시지를 확인하세요.")


def integrity_of(path) -> str:
    """npm의 무결성 표기(sha512-<base64>)."""
    return "sha512-" + base64.b64encode(hashlib.sha512(Path(path).read_bytes()).digest()).decode()


def unpack_axe(tarball, target, integrity=None) -> Path:
    """tarball의 무결성(기본 AXE_CORE_INTEGRITY)을 확인하고 AXE_FILES를 target에 풉니다. 다르면 풀지 않고 멈춥니다."""
    integrity = integrity or AXE_CORE_INTEGRITY
    found = integrity_of(tarball)
    if found != integrity:
        sys.exit(
            f"axe-core tarball의 해시가 고정한 값과 다릅니다({Path(tarball).name}).\n"
            f"  기대: {integrity}\n  실제: {found}\n"
            "tools/browser.py의 AXE_CORE_VERSION과 AXE_CORE_INTEGRITY가 서로 맞는지 확인하세요."
        )
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    with tarfile.open(tarball, "r:gz") as archive:
        for name in AXE_FILES:
            data = archive.extractfile(name).read()
            out = partial / name.removeprefix("package/")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)  # 다 푼 뒤에 이름을 바꾸므로, 중간에 멈춰도 반쯤 푼 캐시가 남지 않습니다.
    return target


def ensure_axe() -> Path:
    """axe-core 폴더(axe.min.js, locales/ko.json). 캐시에 없으면 `npm pack`으로 받아 확인하고 풉니다."""
    target = axe_dir()
    if all((target / name.removeprefix("package/")).is_file() for name in AXE_FILES):
        return target
    if not shutil.which("npm"):
        apt_install("nodejs", "npm", why="axe-core를 npm 레지스트리에서 받을 npm이 없습니다.")
    with tempfile.TemporaryDirectory() as tmp:
        # --prefer-offline: npm 캐시(~/.npm)에 있으면 레지스트리에 묻지 않습니다.
        cmd = ["npm", "pack", f"axe-core@{AXE_CORE_VERSION}", "--prefer-offline", "--silent", "--pack-destination", tmp]
        if project.run(cmd, stdout=subprocess.DEVNULL) != 0:
            sys.exit(
                f"axe-core {AXE_CORE_VERSION}를 받지 못했습니다. 위의 npm 메시지를 확인하세요(npm 레지스트리 연결)."
            )
        tarballs = list(Path(tmp).glob("axe-core-*.tgz"))
        if len(tarballs) != 1:
            sys.exit(f"npm pack이 axe-core tarball을 만들지 않았습니다: {sorted(p.name for p in Path(tmp).iterdir())}")
        return unpack_axe(tarballs[0], target)


def prepare(axe=False) -> dict[str, str]:
    """브라우저 시험에 필요한 것을 갖추고, 시험에 넘길 환경 변수를 돌려줍니다."""
    env = {"COURSE_CHROMIUM": ensure_chromium()}
    ensure_python_tools()
    if axe:
        env["COURSE_AXE_DIR"] = str(ensure_axe())
    return env


JUPYTERLAB_E2E = "tests/e2e/jupyterlab_e2e.py"  # JupyterLab에서 모든 노트북을 실행하는 시험
SITE_E2E = "tests/e2e/site_e2e.py"  # 코스 웹사이트의 화면, 검색, 접근성, 키보드 시험(axe-core를 씀)


def run_tests(test_file, args=(), env=None, axe=False) -> int:
    """브라우저 시험의 준비를 하고 pytest로 test_file을 실행합니다. 화면 사진은 artifacts/screenshots/에 남습니다.

    pyproject.toml의 pytest 설정을 쓰되, 브라우저 하나로 차례로 돌도록 -n 0으로 바꿉니다(-n 2 대신).
    """
    env = {**os.environ, **prepare(axe=axe), **(env or {})}
    return project.run([sys.executable, "-m", "pytest", test_file, "-n", "0", *args], env=env)


def main(argv=None) -> int:
    parser = project.ArgumentParser(prog="python -m tools.browser", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--e2e",
        nargs=argparse.REMAINDER,
        metavar="pytest 인수",
        help=f"준비한 뒤 JupyterLab 끝까지 시험({JUPYTERLAB_E2E})을 실행합니다. 뒤의 인수는 pytest에 넘깁니다.",
    )
    args = parser.parse_args(argv)
    if args.e2e is not None:
        return run_tests(JUPYTERLAB_E2E, args.e2e)
    for name, value in prepare(axe=True).items():
        print(f"{name}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
