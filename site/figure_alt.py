"""그림의 대체 텍스트(alt): 노트북 그림마다 바로 아래 "**그림 읽기**: …" 줄을 화면 낭독기가 읽을 글로 붙입니다.

myst-nb는 노트북 출력의 그림(PNG, 계산 그래프 SVG)에 alt를 주지 않으므로 HTML에는 alt="../_images/….png"처럼
파일 경로가 들어갑니다. 이 확장은 문서를 읽은 뒤(doctree-read) alt가 없는 그림마다, 그 그림 다음부터 다음
그림 전까지에서 "그림 읽기"로 시작하는 첫 문단을 찾아 그 글자를 alt로 씁니다. 굵게·코드 표시는 글자만 남기고,
수식($W \\approx 1.80$)은 읽을 수 있는 글자(W ≈ 1.80)로 바꿉니다.

설명을 찾지 못한 그림, 빈 alt, 파일 이름이나 경로인 alt, 글자로 바꾸지 못한 수식은 경고입니다. 사이트는
-W로 만들므로 경고는 빌드 실패입니다: 그림 아래 마크다운 셀에 "**그림 읽기**: …" 줄을 쓰면 고쳐집니다.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util import logging

from tools.alt_text import LEAD, UnknownTex, bad_alt, tex_to_text

logger = logging.getLogger(__name__)


def plain_text(node) -> str:
    """문단을 읽을 글자로: 굵게·기울임·코드는 글자만, 수식은 tex_to_text, 각주 번호는 뺍니다."""
    parts = []
    for child in node.children:
        if isinstance(child, nodes.math):
            parts.append(tex_to_text(child.astext()))
        elif isinstance(child, (nodes.footnote_reference, nodes.citation_reference, nodes.raw)):
            continue
        elif isinstance(child, nodes.Text):
            parts.append(child.astext())
        else:
            parts.append(plain_text(child))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def is_reading_line(paragraph) -> bool:
    """ "그림 읽기"로 시작하는 문단인지(수식을 바꾸기 전의 글자로 봅니다)."""
    return paragraph.astext().lstrip().startswith(LEAD)


def reading_line(paragraph) -> str:
    """ "그림 읽기" 문단의 설명 글(머리말 "그림 읽기:"를 뺀 읽을 글자)."""
    text = plain_text(paragraph)
    return text[len(LEAD) :].lstrip(" :：").strip() if text.startswith(LEAD) else text


def describe_figures(doctree):
    """alt가 없는 그림마다 (그림, 그림 읽기 문단 또는 None). 그 그림 다음부터 다음 그림 전까지에서 찾습니다."""
    order = list(doctree.findall(lambda n: isinstance(n, (nodes.image, nodes.paragraph))))
    found = []
    for k, node in enumerate(order):
        if not isinstance(node, nodes.image) or node.get("alt"):
            continue
        paragraph = None
        for later in order[k + 1 :]:
            if isinstance(later, nodes.image):
                break
            if is_reading_line(later):
                paragraph = later
                break
        found.append((node, paragraph))
    return found


def add_alt_text(app, doctree):
    """doctree-read: alt가 없는 그림에 그림 읽기 줄을 alt로 붙이고, 그래도 쓸모없는 alt는 경고합니다."""
    source = app.env.doc2path(app.env.docname, base=False)

    def warn(image, message):
        logger.warning(f"{source}의 그림({image.get('uri')}): {message}", location=image, type="course")

    for image, paragraph in describe_figures(doctree):
        if paragraph is None:
            warn(
                image,
                f"설명이 없습니다. 그림 바로 아래 마크다운 셀에 '**{LEAD}**: …' 줄을 쓰세요(대체 텍스트가 됩니다).",
            )
            image["alt"] = ""  # 경고는 한 번만
            continue
        try:
            image["alt"] = reading_line(paragraph)
        except UnknownTex as error:
            warn(image, f"그림 읽기 줄의 {error}. tools/alt_text.py의 TEX_SYMBOLS에 그 명령을 더하세요.")
            image["alt"] = ""
            continue
        if bad_alt(image["alt"]):
            warn(image, bad_alt(image["alt"]) + ".")
    for image in doctree.findall(nodes.image):
        if image.get("alt") and bad_alt(image["alt"]):  # 마크다운 그림 ![…](…)에 직접 쓴 alt
            warn(image, bad_alt(image["alt"]) + ".")


def setup(app):
    app.connect("doctree-read", add_alt_text)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
