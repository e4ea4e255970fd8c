"""한국어 검색: Sphinx의 기본 검색(영어 규칙)은 '경사를'을 한 낱말로만 색인해서 '경사'로는 찾지 못합니다.

한국어는 조사·어미가 낱말 뒤에 붙으므로, 한글이 든 낱말은 그 한글 부분의 모든 부분 문자열(n-gram,
길이 1~MAX_NGRAM)도 색인합니다. 그러면 '경사'로 '경사를', '경사 하강법'으로 '경사 하강법으로'를,
'하강법'으로 '경사하강법'을 찾습니다. 검색창의 질의는 Sphinx의 JavaScript가 그대로 낱말로 나누어
색인의 낱말과 정확히 맞추므로, 브라우저 쪽은 고칠 것이 없습니다(영어 어간 추출은 한글을 바꾸지 않음).
"""

from __future__ import annotations

import re

from sphinx.search import languages
from sphinx.search.en import SearchEnglish

HANGUL_RUN = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")
MAX_NGRAM = 8  # 한국어 낱말(조사 포함)은 대개 이보다 짧습니다. 더 긴 질의는 앞 8글자 단위로 맞춥니다.


def hangul_ngrams(word: str) -> list[str]:
    """낱말 안의 한글 부분마다 길이 1~MAX_NGRAM의 모든 부분 문자열."""
    grams = []
    for run in HANGUL_RUN.findall(word):
        for size in range(1, min(len(run), MAX_NGRAM) + 1):
            grams.extend(run[i : i + size] for i in range(len(run) - size + 1))
    return grams


class SearchKorean(SearchEnglish):
    lang = "ko"
    # 브라우저 쪽 어간 추출기 이름(window.Stemmer = <language_name>Stemmer): 영어 것을 그대로 씁니다.
    # 영어 낱말은 영어 규칙으로, 한글은 바뀌지 않고 지나갑니다(색인 쪽의 stem()과 같음).
    language_name = "English"

    def split(self, input: str) -> list[str]:  # noqa: A002 - Sphinx의 메서드 서명
        words = super().split(input)
        return words + [gram for word in words if HANGUL_RUN.search(word) for gram in hangul_ngrams(word)]

    def stem(self, word: str) -> str:
        return word if HANGUL_RUN.search(word) else super().stem(word)

    def word_filter(self, word: str) -> bool:
        return bool(HANGUL_RUN.search(word)) or super().word_filter(word)


def setup(app):
    languages["ko"] = SearchKorean
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
