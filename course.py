"""코스 도구: 설치, JupyterLab 열기, 테스트, 점검, 노트북 출력 기록. 표준 라이브러리만 씁니다.

    python3 course.py lab       # (처음이면 설치한 뒤) JupyterLab으로 코스를 엽니다. 끝낼 때는 Ctrl-C
    python3 course.py test      # (처음이면 설치한 뒤) 전체 테스트를 실행합니다
    python3 course.py help      # 모든 명령(아래 COMMANDS 표에서 만듭니다)

명령은 COMMANDS 표 한 곳에 있습니다. 명령마다 코스 환경(.venv)이 필요한지 적혀 있고, 필요한 명령은 실행하기
전에 tools/environment.py의 ensure()로 환경을 확인합니다(없거나, 미완성이거나, 옮겨졌거나, requirements.txt가
바뀌었으면 고치거나 새로 설치). 도움말도 이 표에서 만듭니다. 명령을 실행하는 일은 tools/project.py의 run()
한 곳이 합니다(복사할 수 있게 보여 주고, Ctrl-C·SIGTERM에 자식까지 정리).
"""

from __future__ import annotations

import sys

if sys.version_info < (3, 11):  # noqa: UP036 - tools/는 3.11의 기능을 쓰므로 임포트하기 전에 알립니다.
    sys.exit(f"파이썬 3.11 이상이 필요합니다. 지금은 {sys.version.split()[0]}입니다. 새 파이썬으로 실행하세요.")

import difflib  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import traceback  # noqa: E402
import unicodedata  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import NamedTuple  # noqa: E402

from tools import environment, pins, project  # noqa: E402
from tools.notebooks import deterministic_env  # noqa: E402

ROOT = project.ROOT
STATUSES = ("OK", "경고", "FAIL")  # 점검 한 줄의 머리(helpers.doctor와 같은 모양: 'OK    …', '경고  …')


def width(text) -> int:
    """터미널에서 차지하는 칸 수(한글은 두 칸)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def padded(text, columns) -> str:
    return text + " " * max(0, columns - width(text))


def status_line(status, message) -> str:
    return padded(status, 6) + message


def layout() -> environment.Layout:
    """코스 환경의 자리(명령마다 환경 변수 COURSE_VENV를 새로 읽습니다)."""
    return environment.layout(ROOT)


def kernel_env() -> dict:
    """노트북 커널과 테스트의 환경: 결정적 설정(tools/notebooks.py)과 가상 환경의 bin/을 PATH 맨 앞에."""
    return deterministic_env(layout().python.parent)


def checked(code: int) -> int:
    """run()이 '멈춤'(130, 143)을 돌려주면 main()이 그 명령의 멈춤 안내를 하도록 예외로 바꿉니다."""
    if code == project.TERMINATED:
        raise project.Terminated()
    if code == project.INTERRUPTED:
        raise KeyboardInterrupt()
    return code


def run_tool(cmd, **kwargs) -> int:
    """명령의 자식 프로세스를 실행합니다(project.run). 유닉스에서는 따로 된 프로세스 그룹에서 띄웁니다: 터미널의
    Ctrl-C는 course.py만 받고, course.py가 자식에게 SIGTERM을 보내 그룹째 끝냅니다. 그래서 자식 파이썬(pytest, 도구)의
    영어 트레이스백 없이 멈춤 안내 한 줄만 보입니다(lab: JupyterLab은 SIGTERM에 커널을 닫고 끝남)."""
    # 디버거(pytest --pdb, --trace)는 터미널에서 입력을 받아야 하므로 그때만 터미널의 그룹에 둡니다.
    debugger = any(str(arg) in ("--pdb", "--trace") for arg in cmd)
    return checked(project.run(cmd, own_group=os.name != "nt" and not debugger, **kwargs))


def is_root() -> bool:
    """관리자(root)로 실행 중인지. 윈도우에는 os.geteuid가 없습니다."""
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


# ------------------------------------------------------------------ 명령


def setup(args) -> int:
    """설치만 합니다(이미 되어 있으면 그대로 두고 알려 줍니다)."""
    lay = layout()
    before = environment.inspect(lay, environment.fingerprint(ROOT, environment.torch_choice()))
    environment.ensure(lay)
    if before.kind == "ok":
        print(f"{before.detail} 점검: python3 course.py doctor")
    return 0


def lab_command(args, root=ROOT) -> list:
    lay = layout()
    cmd = [
        lay.python,
        "-m",
        "jupyter",
        "lab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={root}",
        "--LabApp.default_url=/lab/tree/notebooks",
    ]
    if is_root():
        cmd.append("--allow-root")  # root로 실행하면(도커, 서버 등) 이 옵션이 있어야 시작됩니다.
    return cmd + list(args)


def lab(args) -> int:
    """JupyterLab을 127.0.0.1에서 토큰 인증으로 열고 notebooks/ 폴더를 보여 줍니다.

    유닉스에서는 JupyterLab을 따로 된 프로세스 그룹에서 띄웁니다. Ctrl-C를 누르면 course.py가 JupyterLab에
    SIGTERM을 보내고, JupyterLab은 묻지 않고 커널을 모두 닫은 뒤 끝납니다.
    """
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # 설정되어 있으면 노트북 안의 그림이 사라집니다.
    env["PATH"] = str(layout().python.parent) + os.pathsep + env.get("PATH", "")
    print("JupyterLab을 엽니다. 브라우저가 열리지 않으면 아래에 나오는 http://127.0.0.1:…?token=… 주소를 여세요.")
    print("끝낼 때는 이 터미널에서 Ctrl-C를 누르세요(노트북은 먼저 저장하세요).", flush=True)
    return run_tool(lab_command(args), env=env)


def test(args) -> int:
    """단위 테스트와 nbval(노트북의 기록된 출력 검증)을 pyproject.toml의 설정으로 실행합니다."""
    return run_tool([layout().python, "-m", "pytest", *args], env=kernel_env())


def record(args) -> int:
    """노트북을 새 커널에서 처음부터 끝까지 실행해 출력을 저장합니다(tools/notebooks.py, 가상 환경 안에서)."""
    paths = [Path(a).resolve() for a in args]
    return run_tool([layout().python, "-m", "tools.notebooks", "record", *paths], env=kernel_env())


def in_course_environment(tool, *first) -> Callable[[list], int]:
    """가상 환경의 파이썬으로 저장소의 도구(모듈 이름, 예: tools.site)를 `python -m`으로 실행하는 명령."""

    def action(args) -> int:
        return run_tool([layout().python, "-m", tool, *first, *args], env=kernel_env())

    action.__doc__ = f"{tool} {' '.join(first)}".strip()
    return action


def release_check(args) -> int:
    """배포 전 점검(tools/colab.py). 코스 환경을 설치하지 않고 이 명령을 실행한 파이썬(표준 라이브러리만)으로 합니다."""
    return run_tool([sys.executable, "-m", "tools.colab", "release-check", *args])


def ruff_version(ruff) -> str | None:
    """설치된 ruff의 버전('ruff 0.17.6' → '0.17.6'). 실행되지 않으면 None."""
    try:
        done = subprocess.run([ruff, "--version"], capture_output=True, text=True, check=False)
    except OSError:
        return None
    words = done.stdout.split()
    return words[-1] if done.returncode == 0 and words else None


def lint(args) -> int:
    """ruff check와 ruff format --check를 모두 실행합니다. 대상 경로는 pyproject.toml의 [tool.ruff] include.

    코스 환경(torch 등)은 설치하지 않고 requirements-dev.txt에 고정된 ruff만 가상 환경에 설치합니다.
    """
    lay = layout()
    ruff_pin = f"ruff=={pins.read_pins(ROOT / 'requirements-dev.txt')['ruff']}"
    ruff = project.executable(lay.python.parent, "ruff")
    if not ruff.is_file() or ruff_version(ruff) != ruff_pin.split("==")[1]:
        if not lay.python.exists():
            checked(project.run([sys.executable, "-m", "venv", lay.venv], own_group=True))
        if checked(project.run([lay.python, "-m", "pip", "install", "--quiet", ruff_pin], own_group=True)) != 0:
            raise SystemExit(f"{ruff_pin}를 설치하지 못했습니다. 위의 pip 메시지를 확인하세요.")
    checked_code = run_tool([ruff, "check", *args])
    formatted = run_tool([ruff, "format", "--check", *args])  # check가 실패해도 형식 검사는 합니다.
    return checked_code or formatted


# ------------------------------------------------------------------ 점검


def environment_checks(lay) -> list[tuple[str, str]]:
    """course.py만 할 수 있는 점검: 이 저장소의 코스 환경(위치, 설치 기록, requirements.txt의 고정 버전)."""
    version = ".".join(map(str, sys.version_info[:3]))
    lines = [("OK", f"course.py의 파이썬 {version}")]
    state = environment.inspect(lay, environment.fingerprint(lay.root, environment.torch_choice()))
    fixes = {
        "ok": ("OK", ""),
        "missing": ("FAIL", "python3 course.py setup"),
        "foreign": ("FAIL", f"필요 없는 폴더라면 지우고 python3 course.py setup (경로: {lay.venv})"),
        "broken": ("FAIL", "python3 course.py setup이 새로 만듭니다"),
        "incomplete": ("경고", "python3 course.py setup이 새로 만듭니다"),
        "outdated": ("경고", "python3 course.py setup이 다시 설치합니다"),
        "moved": ("FAIL", "python3 course.py setup이 경로를 고칩니다(새로 받지 않음)"),
    }
    status, fix = fixes[state.kind]
    lines.append((status, f"코스 환경: {state.detail}" + (f" 고치기: {fix}" if fix else "")))
    if state.kind in ("missing", "foreign", "broken"):
        return lines
    pinned = pins.read_pins(lay.root / "requirements.txt")
    try:
        found = environment.probe(lay.python, pinned)
    except SystemExit as error:
        return [*lines, ("FAIL", str(error))]
    missing, different = environment.compare(pinned, found["versions"])
    if missing:  # 여러 개면 한 줄로(빈 환경이면 스무 줄 대신 한 줄)
        lines.append(
            ("FAIL", f"고정 버전: {listed(missing)}가 설치되어 있지 않습니다. 고치기: python3 course.py setup")
        )
    if different:
        shown = listed([f"{name} {installed}(고정 {pin})" for name, installed, pin in different])
        lines.append(
            ("경고", f"고정 버전과 다름: {shown}. 출력 숫자가 조금 다를 수 있습니다. 고치기: python3 course.py setup")
        )
    if not missing and not different:
        lines.append(("OK", f"고정 버전: requirements.txt의 패키지 {len(pinned)}개가 모두 고정 버전입니다"))
    return lines


def listed(names, most=4) -> str:
    """'a, b, c, d 외 3개'."""
    return ", ".join(names[:most]) + (f" 외 {len(names) - most}개" if len(names) > most else "")


def notebook_checks(lay) -> list[tuple[str, str]]:
    """코스 환경 안에서 helpers.doctor()를 실행한 결과(노트북과 Colab에서도 같은 점검)."""
    code = "import helpers; helpers.doctor()"
    try:
        done = subprocess.run(
            [str(lay.python), "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", errors="replace"
        )
    except OSError as error:
        return [("FAIL", f"코스 환경의 파이썬을 실행하지 못했습니다({error}). 고치기: python3 course.py setup")]
    lines = []
    for line in done.stdout.splitlines():
        status, _, message = line.partition(" ")
        if status in STATUSES:
            lines.append((status, message.strip()))
    if done.returncode != 0 or not lines:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        lines.append(("FAIL", f"helpers.doctor()를 실행하지 못했습니다({last}). 고치기: python3 course.py setup"))
    return lines


def doctor(args) -> int:
    """설치 점검. 코스 환경은 설치하지 않고 있는 그대로 봅니다. FAIL이 하나라도 있으면 1로 끝납니다."""
    lay = layout()
    print(f"코스 환경 점검 ({lay.shown()})")
    results = environment_checks(lay)
    for status, message in results:
        print(status_line(status, message))
    if all(status != "FAIL" for status, _ in results[:2]):
        print("노트북 안의 점검 (helpers.doctor(), Colab에서도 같음)")
        more = notebook_checks(lay)
        for status, message in more:
            print(status_line(status, message))
        results += more
    fails = sum(status == "FAIL" for status, _ in results)
    warnings = sum(status == "경고" for status, _ in results)
    print(f"점검 결과: FAIL {fails}개, 경고 {warnings}개")
    return 1 if fails else 0


# ------------------------------------------------------------------ 명령 표


class Command(NamedTuple):
    name: str
    action: Callable[[list], int]
    environment: str  # "needed": 실행 전에 코스 환경을 확인·설치, "never": 설치하지 않음, "installs": setup 자신
    args: str  # 도움말에 보일 인수
    summary: str  # 도움말의 한 줄 설명
    maintainer: bool  # 유지 관리용 명령(도움말에서 따로 모음)
    stopped: str  # Ctrl-C·SIGTERM으로 멈췄을 때의 한 줄
    normal_stop: bool = False  # 멈추는 것이 보통의 끝(lab): 종료 코드 0


NEEDED, NEVER = "needed", "never"
COMMANDS = [
    Command("lab", lab, NEEDED, "[JupyterLab 옵션…]", "(처음이면 설치한 뒤) JupyterLab으로 코스를 엽니다",
            False, "JupyterLab을 닫았습니다(커널도 함께). 다시 열려면: python3 course.py lab", True),
    Command("test", test, NEEDED, "[pytest 인수…]", "(처음이면 설치한 뒤) 전체 테스트를 실행합니다",
            False, "테스트를 멈췄습니다."),
    Command("setup", setup, "installs", "", "설치만 합니다(이미 되어 있으면 그대로)",
            False, "설치를 멈췄습니다. 만들던 환경은 지웠고, 있던 환경은 그대로입니다. 다시: python3 course.py setup"),
    Command("doctor", doctor, NEVER, "", "설치가 제대로 되었는지 한 줄씩 점검합니다",
            False, "점검을 멈췄습니다."),
    Command("record", record, NEEDED, "[노트북…]", "노트북(없으면 전부)을 새 커널에서 실행해 출력을 기록합니다",
            True, "기록을 멈췄습니다. 멈춘 노트북은 파일이 바뀌지 않았습니다."),
    Command("lint", lint, NEVER, "[ruff 인수…]", "ruff 린트와 형식 검사(ruff만 설치합니다)",
            True, "린트를 멈췄습니다."),
    Command("bench", in_course_environment("tools.benchmark"), NEEDED, "[--runs N] [노트북…]",
            "노트북 실행 시간, 테스트 시간, 설치 크기 측정", True, "측정을 멈췄습니다."),
    Command("sync", in_course_environment("tools.colab", "sync"), NEEDED, "[--check]",
            "Colab 배지, 준비 셀, README의 Colab 표를 설정에 맞춤", True, "동기화를 멈췄습니다."),
    Command("set-repo", in_course_environment("tools.colab", "set-repo"), NEEDED, "소유자/이름 [--ref 버전]",
            "(포크) 저장소 설정과 모든 배지·링크를 바꿈", True, "멈췄습니다."),
    Command("release-check", release_check, NEVER, "", "(배포 전) 설정, 동기화, ref가 배포할 수 있는 상태인지",
            True, "점검을 멈췄습니다."),
    Command("e2e", in_course_environment("tools.browser", "--e2e"), NEEDED, "[pytest 인수…]",
            "JupyterLab+Chromium으로 모든 노트북 실행 검사", True, "끝까지 시험을 멈췄습니다."),
    Command("site", in_course_environment("tools.site"), NEEDED, "[--e2e]",
            "기록된 출력으로 코스 웹사이트를 build/site/에 만듭니다", True, "사이트 만들기를 멈췄습니다."),
    Command("colab-check", in_course_environment("tools.colab_check"), NEEDED, "[--runtime 이름…]",
            "Colab 런타임과 같은 버전으로 모든 노트북을 실행해 기록된 출력과 비교", True, "Colab 점검을 멈췄습니다."),
]  # fmt: skip
BY_NAME = {command.name: command for command in COMMANDS}
HELP = ("help", "-h", "--help")


def usage() -> str:
    """COMMANDS 표에서 만든 도움말."""
    columns = max(width(f"{c.name} {c.args}") for c in COMMANDS)

    def rows(maintainer):
        for c in COMMANDS:
            if c.maintainer == maintainer:
                mark = " (코스 환경을 설치하지 않음)" if c.environment == NEVER else ""
                yield f"  python3 course.py {padded(f'{c.name} {c.args}', columns)}  {c.summary}{mark}"

    needs = ", ".join(c.name for c in COMMANDS if c.environment == NEEDED)
    return "\n".join(
        [
            "코스 도구: python3 course.py 명령 [인수…]   (윈도우는 python3 대신 py)",
            "",
            "학습자:",
            *rows(False),
            "",
            "유지 관리:",
            *rows(True),
            "",
            f"코스 환경이 필요한 명령({needs})은",
            "처음 실행할 때 가상 환경 .venv에 requirements.txt의 고정 버전을 설치합니다.",
            "requirements.txt가 바뀌었거나, 설치가 중간에 멈췄거나, 저장소 폴더를 옮겼으면 알아서 고칩니다.",
            "NVIDIA GPU가 없는 리눅스에서는 torch를 PyTorch의 CPU 색인에서 받습니다(COURSE_TORCH=auto|cpu|default).",
        ]
    )


def unknown(name) -> str:
    """알 수 없는 명령에 대한 안내: 가장 가까운 명령을 제안합니다."""
    close = difflib.get_close_matches(name, [*BY_NAME, "help"], n=1, cutoff=0.5)
    hint = f" 혹시 `python3 course.py {close[0]}`인가요?" if close else ""
    return f"알 수 없는 명령: {name!r}.{hint} 명령 목록: python3 course.py help"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    name, args = (argv[0], argv[1:]) if argv else ("help", [])
    if name in HELP:
        print(usage())
        return 0
    command = BY_NAME.get(name)
    if command is None:
        print(unknown(name), file=sys.stderr)
        return 2
    if args and not command.args:  # 인수를 받지 않는 명령(setup, doctor, release-check)
        print(f"{name} 명령은 인수를 받지 않습니다(받은 것: {' '.join(args)}). 사용법: python3 course.py {name}",
              file=sys.stderr)  # fmt: skip
        return 2
    running = BY_NAME["setup"] if command.environment == NEEDED else command  # 지금 하는 일(멈춤 안내에 씀)
    with project.stop_signals_raise():
        try:
            if command.environment == NEEDED:
                environment.ensure(layout())
                running = command
            return command.action(args)
        except KeyboardInterrupt as stop:  # Ctrl-C, SIGTERM, SIGHUP(project.Terminated)
            print(f"\n{running.stopped}", flush=True)
            return 0 if running.normal_stop else project.stopped_code(stop)
        except SystemExit:
            raise
        except BrokenPipeError:  # `… | head`처럼 읽는 쪽이 먼저 닫힘: 조용히 끝냅니다
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        except Exception as error:  # 학습자에게 트레이스백 대신 한국어 한 줄(자세한 내용은 COURSE_DEBUG=1)
            if os.environ.get("COURSE_DEBUG"):
                traceback.print_exc()
            print(
                f"course.py {name}에서 예상하지 못한 오류가 났습니다: {type(error).__name__}: {error}\n"
                "python3 course.py doctor의 출력과 함께 이슈로 알려 주세요"
                "(자세한 내용은 COURSE_DEBUG=1을 앞에 붙여 실행).",
                file=sys.stderr,
            )
            return 1


if __name__ == "__main__":
    sys.exit(main())
