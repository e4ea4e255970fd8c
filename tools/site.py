"""코스 웹사이트 만들기. `python3 course.py site [--e2e [pytest 인수…]]`가 가상 환경의 파이썬으로 부릅니다.

    python3 course.py site            # build/site/에 사이트를 만들고 index.html의 경로를 알려 줍니다
    python3 course.py site --e2e      # 만든 뒤 Chromium으로 사이트를 열어 검사합니다(tests/e2e/site_e2e.py):
                                      # 화면, 검색, 모든 쪽의 접근성(axe-core, 밝은·어두운 테마), 키보드 사용
    python3 course.py site --e2e -k keyboard   # --e2e 뒤의 인수는 pytest에 그대로 넘깁니다
    python -m tools.site --out 폴더   # (테스트용) 다른 폴더에 만듭니다

노트북은 다시 실행하지 않고 저장된 출력으로 만듭니다(몇 초). 순서:
1. requirements-site.txt의 고정 버전(Sphinx, myst-nb, furo …)이 없으면 가상 환경에 설치합니다.
2. 빌드용 원본을 <출력 폴더>-work/src/에 새로 만듭니다(저장소의 파일은 건드리지 않음):
   README의 제목·소개·코스 구성 표로 첫 화면(index.md), notebooks/와 solutions/의 노트북 복사본
   (준비 셀을 빼고, Colab 배지 줄 대신 [tool.course] 설정의 "Colab에서 열기" 버튼을 넣음),
   GLOSSARY.md(있으면 용어집), CONTRIBUTING.md. 저장소의 다른 파일을 가리키는 링크는 GitHub 주소로 바꿉니다.
3. Sphinx(site/conf.py)로 HTML을 만듭니다. 경고가 하나라도 있으면 실패합니다(-W --keep-going -n).
   그림마다 "그림 읽기" 줄이 대체 텍스트가 되며(site/figure_alt.py), 없으면 경고입니다.
4. (--e2e) 브라우저 시험의 준비(tools/browser.py: Chromium, Playwright, axe-core)를 하고 pytest를 실행합니다.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import re
import shutil
import sys
import time
from importlib import metadata
from pathlib import Path

from tools import browser, colab, pins, project
from tools.project import NOTEBOOK_DIRS, ROOT, colab_url, notebook_paths, settings

CONF_DIR = ROOT / "site"
DEFAULT_OUT = ROOT / "build" / "site"
# 사이트 문서가 되는 마크다운 파일: 저장소 경로 → 사이트 원본 경로
PAGES = {"README.md": "index.md", "GLOSSARY.md": "glossary.md", "CONTRIBUTING.md": "contributing.md"}
LINK_RE = re.compile(r"(!?\[(?:[^\[\]]|\[[^\]]*\])*\])\(([^)\s]+)\)")


# ------------------------------------------------------------------ 원본 만들기


def is_setup_cell(cell):
    """사이트에서 뺄 셀: 준비 셀(tools/project.py의 표시), 또는 Colab/JupyterLab에서 접어 둔 셀, remove-cell 태그."""
    if cell.get("cell_type") != "code":
        return False
    meta = cell.get("metadata", {})
    hidden = bool(meta.get("jupyter", {}).get("source_hidden"))
    tags = set(meta.get("tags", []))
    return project.is_setup_cell(cell) or hidden or bool(tags & {project.SETUP_CELL_ID, "remove-cell"})


def fix_links(text, page, root, github, ref):
    """마크다운 링크를 사이트 안의 문서나 GitHub 주소로 바꿉니다. page는 사이트 원본 안의 경로(예: index.md)."""
    repo_dir = posixpath.dirname(source_of(page))

    def replace(match):
        label, target = match.groups()
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", target, re.I):
            return match.group(0)  # 바깥 주소, 같은 쪽의 앵커
        path, sep, fragment = target.partition("#")
        repo_path = posixpath.normpath(posixpath.join(repo_dir, path))
        if repo_path in PAGES or repo_path.endswith(".ipynb") and repo_path.split("/")[0] in NOTEBOOK_DIRS:
            doc = PAGES.get(repo_path, repo_path)
            if (Path(root) / repo_path).is_file():
                new = posixpath.relpath(doc, posixpath.dirname(page) or ".")
                return f"{label}({new}{sep}{fragment})"
        kind = "tree" if (Path(root) / repo_path).is_dir() else "blob"
        return f"{label}(https://github.com/{github}/{kind}/{ref}/{repo_path}{sep}{fragment})"

    return LINK_RE.sub(replace, text)


def source_of(page):
    for repo_path, doc in PAGES.items():
        if doc == page:
            return repo_path
    return page


def colab_button(github, ref, relpath):
    url = colab_url(github, ref, relpath)
    return f'<div class="colab-launch">\n<a class="colab-button" href="{url}">Colab에서 열기</a>\n</div>'


def notebook_page(path, root, github, ref):
    """노트북 복사본(JSON): 준비 셀을 빼고, 배지 줄 대신 Colab 버튼을 제목 아래에 넣습니다."""
    relpath = path.relative_to(root).as_posix()
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"] = [c for c in nb["cells"] if not is_setup_cell(c)]
    button_done = False
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        lines = [ln for ln in source.split("\n") if colab.BADGE_IMAGE not in ln]  # 배지 줄(tools/colab.py의 것)
        if not button_done:
            at = next((i + 1 for i, ln in enumerate(lines) if ln.startswith("# ")), 0)
            lines[at:at] = ["", colab_button(github, ref, relpath), ""]
            button_done = True
        cell["source"] = fix_links("\n".join(lines).strip("\n"), relpath, root, github, ref)
    if not button_done:
        nb["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": colab_button(github, ref, relpath)})
    return json.dumps(nb, ensure_ascii=False, indent=1)


def readme_sections(text):
    """README에서 제목, 소개(첫 ## 앞), '코스 구성' 절을 꺼냅니다."""
    parts = re.split(r"(?m)^(?=## )", text)
    intro = parts[0].strip()
    course = next((p.strip() for p in parts if p.startswith("## 코스 구성")), "")
    return intro, course


def toctree(caption, entries, hidden=False):
    options = [f":caption: {caption}", ":maxdepth: 1"] + ([":hidden:"] if hidden else [])
    return "\n".join(["```{toctree}", *options, "", *entries, "```"])


def index_page(root, github, ref):
    intro, course = readme_sections((Path(root) / "README.md").read_text(encoding="utf-8"))
    notebooks = [p.relative_to(root).with_suffix("").as_posix() for p in notebook_paths(root)]
    lessons = [n for n in notebooks if n.startswith("notebooks/")]
    solutions = [n for n in notebooks if n.startswith("solutions/")]
    extra = [doc[: -len(".md")] for repo, doc in PAGES.items() if repo != "README.md" and (Path(root) / repo).is_file()]
    about = (
        "## 이 사이트\n\n"
        "노트북에 기록된 실행 결과(계산 그래프, 그래프, 숫자)를 그대로 보여 줍니다. 직접 실행하려면 쪽마다 있는 "
        "**Colab에서 열기** 버튼을 누르거나, 저장소를 받아 `python3 course.py lab`으로 여세요. "
        f"저장소: <https://github.com/{github}> (버전 `{ref}`)"
    )
    body = [intro, course, about, toctree("노트북", lessons, hidden=True), toctree("연습 문제 풀이", solutions)]
    if extra:
        body.append(toctree("참고", extra))
    return fix_links("\n\n".join(body) + "\n", "index.md", root, github, ref)


def generate(src, root=ROOT):
    """Sphinx 원본 폴더를 새로 만듭니다. 만든 문서 목록(사이트 원본 경로)을 돌려줍니다."""
    root = Path(root)
    github, ref = settings(root)
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    made = {"index.md": index_page(root, github, ref)}
    for repo_path, doc in PAGES.items():
        if repo_path != "README.md" and (root / repo_path).is_file():
            made[doc] = fix_links((root / repo_path).read_text(encoding="utf-8"), doc, root, github, ref)
    for path in notebook_paths(root):
        made[path.relative_to(root).as_posix()] = notebook_page(path, root, github, ref)
    for doc, text in made.items():
        (src / doc).parent.mkdir(parents=True, exist_ok=True)
        (src / doc).write_text(text, encoding="utf-8")
    # 테마 글자의 한국어 번역(.po). Sphinx가 여기서 .mo를 만들므로 저장소가 아닌 원본 폴더에 복사합니다.
    shutil.copytree(CONF_DIR / "locale", src / "locale")
    return sorted(made)


# ------------------------------------------------------------------ 빌드


def ensure_tools(pip_file="requirements-site.txt"):
    """고정 버전 도구가 없으면 가상 환경에 설치합니다(코스 패키지 버전은 -c requirements.txt로 묶어 둠)."""
    wanted = pins.read_pins(ROOT / pip_file)
    try:
        if all(metadata.version(name) == version for name, version in wanted.items()):
            return
    except metadata.PackageNotFoundError:
        pass
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "-r", ROOT / pip_file, "-c", ROOT / "requirements.txt"]
    if project.run(cmd) != 0:
        sys.exit(f"사이트 도구를 설치하지 못했습니다({pip_file}). 위의 pip 메시지를 확인하세요.")


def build(out=DEFAULT_OUT, root=ROOT):
    """사이트를 out에 만듭니다. 성공하면 0."""
    out = Path(out).resolve()
    work = out.parent / f"{out.name}-work"
    started = time.monotonic()
    docs = generate(work / "src", root)
    if out.exists():
        shutil.rmtree(out)
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-W",  # 경고는 실패
        "--keep-going",  # 그래도 경고를 모두 보여 줌
        "-n",  # nitpicky: 찾지 못한 참조도 경고
        "-E",
        "-q",
        "-c",
        CONF_DIR,
        "-d",
        work / "doctrees",
        work / "src",
        out,
    ]
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    code = project.run(cmd, cwd=root, env=env)
    if code != 0:
        print("사이트를 만들지 못했습니다(위의 경고·오류를 고치세요).", file=sys.stderr)
        return code
    print(f"문서 {len(docs)}개로 사이트를 만들었습니다({time.monotonic() - started:.1f}초).")
    print(f"열기: {out / 'index.html'}")
    return 0


def parse_args(argv):
    parser = project.ArgumentParser(
        prog="python3 course.py site",
        description="기록된 출력으로 코스 웹사이트를 만듭니다(Sphinx + myst-nb + furo).",
    )
    # 예전 호출(`tools/site.py build --out 폴더`)도 받습니다.
    parser.add_argument("action", nargs="?", choices=["build"], default="build", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"사이트를 만들 폴더(기본 {DEFAULT_OUT})")
    parser.add_argument(
        "--e2e",
        nargs=argparse.REMAINDER,
        metavar="pytest 인수",
        help="만든 뒤 Chromium으로 검사합니다(tests/e2e/site_e2e.py). 뒤의 인수는 pytest에 넘깁니다.",
    )
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    ensure_tools()
    out = args.out.resolve()
    code = build(out)
    if code == 0 and args.e2e is not None:
        code = browser.run_tests(browser.SITE_E2E, args.e2e, env={"COURSE_SITE_DIR": str(out)}, axe=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
