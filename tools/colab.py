"""Colab 배지와 준비 셀(bootstrap)을 모든 노트북에 맞춰 넣는 도구.

    python3 course.py sync                          # 배지, 준비 셀, README의 Colab 표를 설정에 맞춥니다
                                                    # (준비 셀을 새로 넣은 노트북은 출력을 다시 기록)
    python3 course.py set-repo 소유자/이름 [--ref 버전]  # 포크용: 설정을 바꾸고 모두 다시 씁니다
    python3 course.py sync --check                  # 바꾸지 않고 어긋난 곳만 알려 줍니다
    python3 course.py release-check                 # 배포 전 점검(자리표시 설정, 동기화, ref가 git에 있는지)

설정은 pyproject.toml의 [tool.course] 한 곳에만 있습니다(github = "소유자/이름", ref = "태그").
노트북 본문은 건드리지 않습니다: 첫 마크다운 셀의 맨 윗줄(배지)과 첫 코드 셀(준비 셀)만 다시 씁니다.
준비 셀은 첫 줄의 MARKER로 알아보므로, 여러 번 실행해도 결과가 같습니다.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

from tools import environment, notebooks, project
from tools.project import (
    CPU_INDEX,
    ROOT,
    SETUP_CELL_ID,
    SETUP_CELL_METADATA,
    binder_url,
    colab_url,
    kaggle_url,
    notebook_paths,
    repo_url,
    settings,
    site_url,
)

INSTALL_ENV = "COURSE_INSTALL"  # 그 밖의 호스팅 서비스에서 설치를 허락하는 환경 변수(값 1)
BADGES = (  # (이미지, 대체 글, 주소를 만드는 함수): 노트북 첫 줄과 README 표에 이 순서로 놓입니다.
    ("https://colab.research.google.com/assets/colab-badge.svg", "Colab에서 열기", colab_url),
    ("https://kaggle.com/static/images/open-in-kaggle.svg", "Kaggle에서 열기", kaggle_url),
)
BADGE_IMAGE, BADGE_ALT = BADGES[0][:2]  # Colab 배지(사이트의 버튼도 이것을 씁니다)
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
BINDER_REQUIREMENTS = "binder/requirements.txt"
TABLE_START = "<!-- colab-table:start -->"
TABLE_END = "<!-- colab-table:end -->"
PLACEHOLDER_OWNER = "OWNER"
GITHUB_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
REF_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$")
COLAB_LINK_RE = re.compile(
    r"colab\.research\.google\.com/github/([^/\s)]+/[^/\s)]+)/blob/([^\s)]+?)/(?:notebooks|solutions)/"
)
KAGGLE_LINK_RE = re.compile(
    r"kaggle\.com/kernels/welcome\?src=https://github\.com/([^/\s)]+/[^/\s)]+)/blob/([^\s)]+?)/(?:notebooks|solutions)/"
)
CLONE_RE = re.compile(r"git clone (?:https://github\.com/)?(\S+?)(?:\.git)?(?:\s|$)")
SITE_RE = re.compile(r"https://([A-Za-z0-9-]+)\.github\.io/([A-Za-z0-9._-]+)")

# 준비 셀. __REPO_URL__과 __REF__ 자리에 설정이 들어갑니다. 접혀 있지만 펼치면 읽을 수 있게 씁니다.
# 1) 코스가 설치된 커널(python3 course.py lab)에서는 아무것도 하지 않습니다.
# 2) 받아 둔 저장소(git clone)에서 연 노트북이면(그냥 venv + jupyter lab, VS Code, Binder, SageMaker Studio Lab)
#    노트북 위 폴더의 helpers.py를 sys.path에 더할 뿐, 아무것도 받거나 쓰지 않습니다(바이트코드 캐시도 쓰지 않음).
# 3) Colab, Kaggle(환경 변수로 알아봄), COURSE_INSTALL=1이면 저장소를 정해진 버전으로 pip install합니다.
# 4) 그 밖이거나 설치가 실패하면 무엇이 안 됐고 무엇을 할지 한국어 안내 하나만 보이고(트레이스백 없음),
#    아래 셀들은 실행하지 않습니다(Run All이 오류 뒤에도 계속되는 화면에서도 ModuleNotFoundError·NameError가
#    줄줄이 나오지 않게, 같은 안내만 보임). 이 셀을 다시 실행해 성공하면 다시 평소대로 실행됩니다.
BOOTSTRAP = r'''# @title 코스 준비 (Colab·Kaggle에서는 코스를 설치합니다. 펼쳐 볼 필요는 없습니다)
import importlib.util, os, pathlib, subprocess, sys

URL, REF = os.environ.get("COURSE_REPO_URL", "__REPO_URL__"), "__REF__"
SKIPPED = "코스가 준비되지 않아 실행하지 않았습니다. 맨 위 「코스 준비」 셀의 안내를 따르세요."


class CourseSetupError(Exception):
    def _render_traceback_(self):  # 파이썬 트레이스백 없이 한국어 안내만 보여 줍니다.
        return [str(self)]


def course_setup():
    here = pathlib.Path.cwd()
    for folder in (here, *here.parents):  # 받아 둔 저장소: 그 helpers.py를 씁니다(받지도 쓰지도 않음).
        if (folder / "helpers.py").is_file() and (folder / "course.py").is_file():
            sys.dont_write_bytecode = True
            return sys.path.insert(0, str(folder))
    hosted = "google.colab" in sys.modules or "KAGGLE_KERNEL_RUN_TYPE" in os.environ or "KAGGLE_URL_BASE" in os.environ
    if not hosted and os.environ.get("COURSE_INSTALL") != "1":
        raise CourseSetupError("이 커널에는 코스가 없습니다. 저장소를 받은 폴더에서 python3 course.py lab으로 여세요.")
    pip = [sys.executable, "-m", "pip", "install", "--quiet", f"git+{URL}@{REF}"]
    done = subprocess.run(pip, capture_output=True, text=True)
    if "remote ref" in done.stderr or "did not match any" in done.stderr:
        raise CourseSetupError(f"코스를 설치하지 못했습니다: {URL}에 버전 {REF}가 없습니다. 배지로 다시 여세요.")
    if done.returncode != 0:
        raise CourseSetupError(
            f"코스를 설치하지 못했습니다: {URL}에서 받지 못했습니다. 인터넷 연결을 확인하고"
            " (Kaggle은 오른쪽 Settings에서 Internet을 켜고) 이 셀을 다시 실행하세요."
        )
    importlib.invalidate_caches()


def skip_cell(lines):  # 준비가 실패했으면 아래 셀은 실행하지 않고 안내만 다시 보여 줍니다.
    return lines if "".join(lines).startswith("# @title 코스 준비") else ["raise CourseSetupError(SKIPPED)"]


if importlib.util.find_spec("helpers") is None:
    shell = get_ipython()
    shell.input_transformers_post = [t for t in shell.input_transformers_post if t.__name__ != "skip_cell"]
    try:
        course_setup()
    except CourseSetupError:
        shell.input_transformers_post.append(skip_cell)
        raise'''


# ------------------------------------------------------------------ 배지와 준비 셀


def badges(github, ref, relpath):
    """그 노트북을 Colab과 Kaggle에서 여는 배지들(Markdown 목록)."""
    return [f"[![{alt}]({image})]({url(github, ref, relpath)})" for image, alt, url in BADGES]


def badge(github, ref, relpath):
    """노트북 첫 마크다운 셀의 맨 윗줄: 배지들을 한 줄에."""
    return " ".join(badges(github, ref, relpath))


def bootstrap_source(github, ref):
    return BOOTSTRAP.replace("__REPO_URL__", repo_url(github)).replace("__REF__", ref)


# ------------------------------------------------------------------ 노트북


def _is_badge_line(line):
    return any(image in line or line.startswith(f"[![{alt}]") for image, alt, _ in BADGES)


def _strip_badge(text):
    lines = text.split("\n")
    while lines and _is_badge_line(lines[0]):
        lines.pop(0)
        while lines and not lines[0].strip():
            lines.pop(0)
    return "\n".join(lines)


class _Node(dict):
    """nbformat 없이 읽은 노트북의 한 부분: nbformat의 NotebookNode처럼 속성으로도 읽고 씁니다."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    __setattr__ = dict.__setitem__


def read(path):
    """노트북을 nbformat으로 읽습니다. nbformat이 없는 파이썬(release-check, CI의 python3)에서는 표준 라이브러리로
    같은 모양(속성으로 읽고, 셀의 source는 문자열)으로 읽습니다. 그때는 바뀌었는지 보기만 하고 쓰지 않습니다."""
    try:
        import nbformat
    except ImportError:
        nb = json.loads(Path(path).read_text(encoding="utf-8"), object_hook=_Node)
        for cell in nb.cells:
            cell.source = "".join(cell.source) if isinstance(cell.source, list) else cell.source
        return nb
    return nbformat.read(path, as_version=4)


def _new_cell(kind, source, metadata=None):
    try:
        from nbformat import v4
    except ImportError:  # read()의 표준 라이브러리 노트북에 넣을 셀(바뀌었는지 볼 때만 씀)
        return _Node(cell_type=kind, id="", metadata=_Node(metadata or {}), source=source)
    return (v4.new_code_cell if kind == "code" else v4.new_markdown_cell)(source, metadata=metadata or {})


def sync_notebook(nb, relpath, github, ref):
    """노트북(nbformat 객체 또는 read()의 것)의 배지와 준비 셀을 설정에 맞춥니다. 바뀌었으면 True."""
    before = copy.deepcopy(nb)
    with_ids = (nb.nbformat, nb.nbformat_minor) >= (4, 5)
    # 1) 배지: 첫 마크다운 셀의 맨 윗줄. 마크다운 셀이 맨 앞에 없으면 배지 셀을 새로 만듭니다.
    line = badge(github, ref, relpath)
    first = nb.cells[0] if nb.cells else None
    if first is not None and first.cell_type == "markdown":
        body = _strip_badge(first.source)
        first.source = f"{line}\n\n{body}" if body.strip() else line
    else:
        cell = _new_cell("markdown", line)
        if with_ids:
            cell.id = "colab-badge"
        else:
            cell.pop("id", None)
        nb.cells.insert(0, cell)
    # 2) 준비 셀: 첫 코드 셀. 이미 있으면 내용만 새로 쓰고, 없으면 첫 코드 셀 앞에 넣습니다.
    source = bootstrap_source(github, ref)
    existing = [c for c in nb.cells if project.is_setup_cell(c)]
    for extra in existing[1:]:
        nb.cells.remove(extra)
    if existing:
        cell = existing[0]
        nb.cells.remove(cell)
        cell.source = source
        cell.outputs = []  # 내 컴퓨터에서는 아무것도 출력하지 않습니다.
        cell.metadata.update(copy.deepcopy(SETUP_CELL_METADATA))
    else:
        cell = _new_cell("code", source, copy.deepcopy(SETUP_CELL_METADATA))
        if with_ids:
            taken = {c.get("id") for c in nb.cells}
            cell.id = SETUP_CELL_ID if SETUP_CELL_ID not in taken else f"{SETUP_CELL_ID}-1"
        else:
            cell.pop("id", None)
    index = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    nb.cells.insert(index, cell)
    return nb != before


def _readme_rows(root, github, ref):
    rows = []
    for path in notebook_paths(root):
        relpath = path.relative_to(root).as_posix()
        rows.append(" | ".join(["", f"[{project.title(path)}]({relpath})", *badges(github, ref, relpath), ""]).strip())
    return rows


def readme_table(root, github, ref):
    lines = ["| 노트북 | Colab | Kaggle |", "|---|---|---|", *_readme_rows(root, github, ref)]
    binder = f"[![Binder에서 열기]({BINDER_BADGE})]({binder_url(github, ref)})"
    return "\n".join([TABLE_START, *lines, "", f"저장소 전체를 JupyterLab으로: {binder}", TABLE_END])


def binder_requirements():
    """binder/requirements.txt: Binder가 CPU용 torch를 받도록 색인을 더하고 requirements.txt의 고정 버전을 씁니다."""
    return (
        "# Binder(mybinder.org)가 이 파일로 환경을 만듭니다. `python3 course.py sync`가 씁니다(손으로 고치지 마세요).\n"
        "# torch는 PyTorch의 CPU 전용 색인에서 받습니다"
        f"(기본 색인의 약 {environment.size_text(environment.SIZE_MB['cuda'])} CUDA 빌드 대신).\n"
        "# 나머지는 저장소의 requirements.txt 고정 버전 그대로입니다. 코스는 노트북의 첫 셀이 저장소에서 찾습니다.\n"
        f"--extra-index-url {CPU_INDEX}\n"
        "-r ../requirements.txt\n"
    )


def _sync_readme_text(text, table):
    start, end = text.find(TABLE_START), text.find(TABLE_END)
    if start < 0 or end < start:
        return text
    return text[:start] + table + text[end + len(TABLE_END) :]


def sync(root=ROOT, write=True):
    """모든 노트북과 README를 설정에 맞춥니다. 바뀐(write=False면 바뀌어야 할) 파일 목록을 돌려줍니다."""
    root = Path(root)
    github, ref = settings(root)
    changed = []
    for path in notebook_paths(root):
        nb = read(path)
        if sync_notebook(nb, path.relative_to(root).as_posix(), github, ref):
            changed.append(path)
            if write:
                import nbformat

                nbformat.write(nb, path)
    readme = root / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        new = _sync_readme_text(text, readme_table(root, github, ref))
        if new != text:
            changed.append(readme)
            if write:
                readme.write_text(new, encoding="utf-8")
    binder = root / BINDER_REQUIREMENTS  # binder/ 폴더가 있는 저장소에서만(부분 복사본은 건드리지 않음)
    if binder.parent.is_dir() and (not binder.is_file() or binder.read_text(encoding="utf-8") != binder_requirements()):
        changed.append(binder)
        if write:
            binder.write_text(binder_requirements(), encoding="utf-8")
    return changed


def check(root=ROOT):
    """배지, 준비 셀, README의 Colab 표와 링크가 모두 설정과 맞는지 봅니다. 어긋난 곳의 목록을 돌려줍니다."""
    root = Path(root)
    github, ref = settings(root)
    problems = [f"{p.relative_to(root)}: `python3 course.py sync`가 필요합니다" for p in sync(root, write=False)]
    texts = {}
    readme = root / "README.md"
    if readme.is_file():
        texts["README.md"] = readme.read_text(encoding="utf-8")
        if TABLE_START not in texts["README.md"] or TABLE_END not in texts["README.md"]:
            problems.append(f"README.md: Colab 표 자리({TABLE_START} … {TABLE_END})가 없습니다")
        for found in CLONE_RE.findall(texts["README.md"]):
            if "/" in found and not found.startswith("<") and found != github:
                problems.append(f"README.md: git clone 주소 {found}가 설정({github})과 다릅니다")
        for owner, name in SITE_RE.findall(texts["README.md"]):
            if f"{owner}/{name}".lower() != github.lower():
                problems.append(f"README.md: 사이트 주소 {owner}.github.io/{name}가 설정({github})과 다릅니다")
    for path in notebook_paths(root):
        nb = read(path)
        texts[str(path.relative_to(root))] = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for name, text in texts.items():
        for host, link_re in (("Colab", COLAB_LINK_RE), ("Kaggle", KAGGLE_LINK_RE)):
            for link_repo, link_ref in link_re.findall(text):
                if (link_repo, link_ref) != (github, ref):
                    problems.append(f"{name}: {host} 링크 {link_repo}@{link_ref}가 설정({github}@{ref})과 다릅니다")
    return problems


def set_repo(root, github, ref=None):
    """설정(pyproject.toml)을 바꾸고, README와 노트북의 옛 주소를 새 주소로 바꾼 뒤 sync합니다."""
    import nbformat

    root = Path(root)
    if not GITHUB_RE.match(github):
        raise SystemExit(f"{github!r}는 GitHub 저장소 이름이 아닙니다. 소유자/이름 형식으로 적으세요(예: me/course).")
    if ref is not None and not REF_RE.match(ref):
        raise SystemExit(f"{ref!r}는 쓸 수 없는 버전 이름입니다. 태그, 브랜치 또는 커밋을 적으세요(예: v1.0).")
    old_github, old_ref = settings(root)
    ref = old_ref if ref is None else ref
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    head, sep, rest = text.partition("[tool.course]")
    rest, n1 = re.subn(r'(?m)^github\s*=\s*"[^"]*"', f'github = "{github}"', rest, count=1)
    rest, n2 = re.subn(r'(?m)^ref\s*=\s*"[^"]*"', f'ref = "{ref}"', rest, count=1)
    if not sep or n1 != 1 or n2 != 1:
        raise SystemExit("pyproject.toml의 [tool.course]에서 github와 ref 줄을 찾지 못했습니다.")
    pyproject.write_text(head + sep + rest, encoding="utf-8")

    def swap(s):  # 옛 저장소를 가리키는 GitHub·Colab·사이트 주소를 새 저장소로
        s = s.replace(site_url(old_github), site_url(github))
        s = s.replace(f"github.com/{old_github}.git", f"github.com/{github}.git")
        s = s.replace(f"github.com/{old_github}/", f"github.com/{github}/")
        s = re.sub(rf"github\.com/{re.escape(old_github)}(?=[\s)>\]]|$)", f"github.com/{github}", s, flags=re.M)
        s = s.replace(f"/gh/{old_github}/", f"/gh/{github}/")  # Binder
        return s.replace(f"/github/{old_github}/", f"/github/{github}/")

    readme = root / "README.md"
    if readme.is_file():
        readme.write_text(swap(readme.read_text(encoding="utf-8")), encoding="utf-8")
    for path in notebook_paths(root):
        nb = nbformat.read(path, as_version=4)
        touched = False
        for cell in nb.cells:
            if cell.cell_type == "markdown" and swap(cell.source) != cell.source:
                cell.source, touched = swap(cell.source), True
        if touched:
            nbformat.write(nb, path)
    return sync(root)


def release_check(root=ROOT):
    """배포해도 되는지: 저장소 설정이 자리표시(OWNER)가 아니고, 노트북과 README가 설정과 맞고, ref가 git에 있는지.

    문제의 목록(한국어)을 돌려줍니다. 비어 있으면 배포할 수 있습니다.
    """
    root = Path(root)
    github, ref = settings(root)
    problems = []
    if github.split("/")[0] == PLACEHOLDER_OWNER:
        problems.append(
            f"저장소 설정이 아직 자리표시({github})입니다. "
            f"`python3 course.py set-repo 내아이디/저장소이름 --ref {ref}`로 실제 GitHub 저장소를 적으세요. "
            "이대로 배포하면 Colab 배지와 준비 셀이 없는 저장소를 가리킵니다."
        )
    problems += check(root)
    found = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], capture_output=True
    )
    if found.returncode != 0:
        problems.append(
            f"고정 버전 {ref!r}가 이 git 저장소에 없습니다. 배포할 커밋에 `git tag {ref}`를 만들고 "
            f"`git push origin {ref}`로 올리세요(Colab의 준비 셀이 이 버전을 설치합니다)."
        )
    return problems


def parse_args(argv):
    parser = project.ArgumentParser(prog="python3 course.py", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="명령")
    syncing = commands.add_parser("sync", help="Colab 배지, 준비 셀, README의 Colab 표를 설정에 맞춥니다")
    syncing.add_argument("--check", action="store_true", help="바꾸지 않고 어긋난 곳만 알려 줍니다")
    repo = commands.add_parser("set-repo", help="(포크) 저장소 설정과 모든 배지·링크를 바꿉니다")
    repo.add_argument("github", metavar="소유자/이름", help="GitHub 저장소(예: myname/pytorch-dl-ch3)")
    repo.add_argument("--ref", metavar="버전", help="태그, 브랜치 또는 커밋(없으면 지금 설정 그대로)")
    commands.add_parser("release-check", help="(배포 전) 설정, 동기화, ref가 배포할 수 있는 상태인지")
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    if args.command == "release-check":
        problems = release_check(ROOT)
        for problem in problems:
            print(f"배포할 수 없습니다: {problem}")
        if not problems:
            github, ref = settings(ROOT)
            print(f"배포할 수 있습니다: {github} @ {ref}")
        return 1 if problems else 0
    if args.command == "sync" and args.check:
        problems = check(ROOT)
        print("\n".join(problems) or "배지, 준비 셀, README의 Colab 표가 모두 설정과 맞습니다.")
        return 1 if problems else 0
    if args.command == "sync":
        changed = sync(ROOT)
    else:
        changed = set_repo(ROOT, args.github, args.ref)
        print(f"pyproject.toml의 [tool.course]를 {settings(ROOT)[0]} @ {settings(ROOT)[1]}로 바꿨습니다.")
    for path in changed:
        print(f"고침: {path.relative_to(ROOT)}")
    github, ref = settings(ROOT)
    print(f"노트북 {len(notebook_paths(ROOT))}개가 {github} @ {ref}에 맞춰져 있습니다(고친 파일 {len(changed)}개).")
    # 준비 셀을 새로 넣은 노트북은 실행 번호가 1부터 차례로 이어지도록 새 커널에서 다시 기록합니다.
    stale = [p for p in changed if p.suffix == ".ipynb" and not executed_in_order(p)]
    return notebooks.record(stale) if stale else 0


def executed_in_order(path):
    import nbformat

    counts = [c.execution_count for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    return counts == list(range(1, len(counts) + 1))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
