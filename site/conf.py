"""코스 웹사이트의 Sphinx 설정. `python3 course.py site`(tools/site.py)가 build/ 아래에 만든 원본으로 빌드합니다.

노트북은 다시 실행하지 않고 기록된 출력을 그대로 보여 줍니다(nb_execution_mode = "off").
외부에서 받아 오는 것이 없어야 합니다: 수식(MathJax 3)도 사이트 안에 함께 넣습니다. 파일은
sphinx-mathjax-offline 패키지에 든 것(24 MB) 가운데 tex-chtml에 필요한 것만(약 2 MB) 복사합니다.
"""

import importlib.util
import shutil
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Sphinx는 이 파일을 경로로 실행할 뿐 sys.path에 아무것도 더하지 않습니다. sys.path를 고치는 곳은 저장소에서 여기
# 하나뿐입니다(tests/test_imports.py의 SYS_PATH_ALLOWED에 까닭과 함께).
sys.path.insert(0, str(HERE))  # 이 폴더의 확장(korean_search, figure_alt, a11y)
sys.path.insert(1, str(HERE.parent))  # 저장소의 tools/(figure_alt가 tools.alt_text를 씀)
_project = tomllib.loads((HERE.parent / "pyproject.toml").read_text(encoding="utf-8"))

project = "처음 시작하는 머신러닝 — 파이토치 딥러닝 프로그래밍 3장"
author = "코스 기여자"
copyright = "코스 기여자"
version = release = _project["project"]["version"]
language = "ko"
locale_dirs = ["locale"]  # site/locale을 tools/site.py가 원본 폴더로 복사합니다(테마 글자의 한국어 번역)

extensions = [
    "myst_nb",
    "sphinx_copybutton",
    "sphinx.ext.mathjax",
    "korean_search",
    "figure_alt",  # 그림마다 "그림 읽기" 줄을 대체 텍스트(alt)로
    "a11y",  # 목차 캡션의 제목 수준, 테마 단추의 한국어 이름
]

nitpicky = True
exclude_patterns = ["_build", "**.ipynb_checkpoints", "locale"]
templates_path = []

# myst-nb: 저장된 출력을 그대로 씁니다. 수식은 $…$와 $$…$$.
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
suppress_warnings = []

mathjax_path = "mathjax/tex-chtml.js"
MATHJAX_FILES = ["tex-chtml.js", "a11y", "ui", "input/tex/extensions", "output/chtml/fonts/woff-v2"]

html_theme = "furo"
FONT_STACK = (
    '"Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", NanumGothic, -apple-system, BlinkMacSystemFont, '
    '"Segoe UI", Helvetica, Arial, sans-serif'
)
html_title = "처음 시작하는 머신러닝 (파이토치 3장)"
html_theme_options = {
    # 한글 글꼴을 먼저 찾습니다(없으면 시스템 글꼴).
    "light_css_variables": {"font-stack": FONT_STACK},
    "dark_css_variables": {"font-stack": FONT_STACK},
}
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_js_files = ["course.js"]  # 넘치는 코드 블록을 키보드로 스크롤, 복사 단추의 한국어 이름(site/a11y.py)
# 코드 색: 두 테마 모두 WCAG AA 대비(4.5:1 이상)를 맞춘 accessible-pygments의 스타일(furo가 함께 설치).
# furo의 어두운 기본값(native)에는 대비가 모자란 색이 있습니다. tests/test_site.py가 모든 색의 대비를 잽니다.
pygments_style = "a11y-light"
pygments_dark_style = "a11y-dark"
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_search_language = "ko"

# 코드 셀의 복사 버튼: 프롬프트(>>> 등)는 복사하지 않습니다.
copybutton_exclude = ".linenos, .gp, .go"


def copy_mathjax(app, exception):
    """빌드가 끝나면 MathJax 파일을 _static/mathjax/에 넣습니다(인터넷의 CDN을 쓰지 않음)."""
    if exception is not None or app.builder.format != "html":
        return
    package = Path(importlib.util.find_spec("sphinx-mathjax-offline").origin).parent / "static" / "mathjax"
    target = Path(app.outdir) / "_static" / "mathjax"
    for name in MATHJAX_FILES:
        source = package / name
        if source.is_dir():
            shutil.copytree(source, target / name, dirs_exist_ok=True)
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def setup(app):
    app.connect("build-finished", copy_mathjax)
