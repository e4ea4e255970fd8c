"""사이트 접근성: 화면 낭독기와 키보드로 쓰는 학습자를 위한 고침(그림의 alt는 figure_alt.py).

1. 목차 제목(옆 목차의 "노트북", "연습 문제 풀이" 같은 캡션): Sphinx는 <p class="caption" role="heading">으로
   쓰는데 aria-level이 없으면 화면 낭독기가 제목 수준을 모릅니다(axe: aria-required-attr). 쪽 제목(h1) 아래
   수준인 aria-level="2"를 붙입니다.
2. 테마(furo)의 템플릿에 영어로 박혀 있는 단추 이름(aria-label)을 한국어로 바꿉니다(THEME_LABELS). 번역할 수
   있는 글자("Skip to content" 등)는 site/locale/ko/LC_MESSAGES/sphinx.po에 있습니다.
3. 가로로 스크롤되는 코드 블록을 키보드로도 스크롤할 수 있게 하는 일은 브라우저에서 합니다(_static/course.js:
   실제로 넘치는 영역에만 tabindex="0"), 초점 표시와 색 대비는 _static/course.css.
"""

from __future__ import annotations

from pathlib import Path

from sphinx import addnodes
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

CAPTION_LEVEL = "2"
# furo 템플릿(page.html)의 영어 단추 이름 → 한국어. 버전을 올려 글자가 바뀌면 tests/test_site.py가 알려 줍니다.
THEME_LABELS = {
    'aria-label="Toggle site navigation sidebar"': 'aria-label="사이트 목차 열기·닫기"',
    'aria-label="Toggle table of contents sidebar"': 'aria-label="이 쪽의 차례 열기·닫기"',
    'aria-label="Toggle Light / Dark / Auto color theme"': 'aria-label="색 테마 바꾸기(밝게, 어둡게, 자동)"',
}


class CourseHTMLTranslator(HTML5Translator):
    """목차 캡션에 aria-level을 붙이는 것 말고는 Sphinx의 HTML5 번역기 그대로입니다."""

    def visit_title(self, node):
        if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get("toctree"):
            attrs = {"aria-level": CAPTION_LEVEL}
            self.body.append(self.starttag(node, "p", "", CLASS="caption", ROLE="heading", **attrs))
            self.body.append('<span class="caption-text">')
            self.context.append("</span></p>\n")
        else:
            super().visit_title(node)


def translate_theme_labels(app, exception):
    """빌드가 끝나면 HTML 쪽마다 테마의 영어 단추 이름을 한국어로 바꿉니다."""
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = text
        for english, korean in THEME_LABELS.items():
            new = new.replace(english, korean)
        if new != text:
            page.write_text(new, encoding="utf-8")


def setup(app):
    app.set_translator("html", CourseHTMLTranslator, override=True)
    app.connect("build-finished", translate_theme_labels)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
