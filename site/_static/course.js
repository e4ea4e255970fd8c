// 코스 웹사이트의 키보드·화면 낭독기 지원(site/a11y.py가 설명합니다).
//
// 1. 넘치는 영역(넓은 코드 블록, 출력, 표, 수식)은 마우스 없이도 스크롤할 수 있어야 합니다(WCAG 2.1.1).
//    실제로 넘치는 영역에만 tabindex="0"을 주어 Tab으로 초점을 옮긴 뒤 화살표 키로 스크롤하게 합니다.
//    넘치지 않는 블록까지 Tab 정류장으로 만들면 키보드 사용자가 코드 셀마다 Tab을 눌러야 하므로 그렇게 하지 않습니다.
//    창 크기가 바뀌거나(휴대폰 회전) 수식이 조판되면 다시 봅니다.
// 2. 코드 복사 단추(sphinx-copybutton)의 이름과 알림을 한국어로 합니다.
// 3. 검색 쪽: Sphinx의 한국어 번역에 비어 있는 "검색을 마쳤습니다, N쪽" 문장을 채우고(비어 있으면 요약이 빈 줄),
//    그 문장을 화면 낭독기가 알리도록 role="status"를 줍니다(결과를 기다리는 사람이 끝난 것을 압니다).
// 4. 좁은 화면의 서랍(옆 목차, 이 쪽의 차례): furo는 <label>을 눌러야 열리므로 키보드로는 열 수 없고, 닫힌 서랍의
//    링크가 화면 밖에서 초점을 받습니다. 여는 아이콘을 단추(role=button, Enter/Space)로 만들고, 열면 서랍 안으로
//    초점을 옮기며 Esc로 닫습니다. 닫힌 서랍은 course.css가 visibility: hidden으로 초점에서 뺍니다.
(() => {
  'use strict';
  const SCROLLERS = 'article pre, article .output, article .table-wrapper, article .math-wrapper, article mjx-container';
  const MARK = 'data-course-scroll';  // 이 스크립트가 tabindex를 준 요소(원래 초점을 받던 요소는 건드리지 않음)

  const overflows = el => {
    const style = getComputedStyle(el);
    const scrolls = v => v === 'auto' || v === 'scroll';
    return (scrolls(style.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
           (scrolls(style.overflowY) && el.scrollHeight > el.clientHeight + 1);
  };

  const update = () => {
    for (const el of document.querySelectorAll(SCROLLERS)) {
      if (el.hasAttribute('tabindex') && !el.hasAttribute(MARK)) continue;
      if (overflows(el)) {
        el.setAttribute('tabindex', '0');
        el.setAttribute(MARK, '');
      } else if (el.hasAttribute(MARK)) {
        el.removeAttribute('tabindex');
        el.removeAttribute(MARK);
      }
    }
    document.documentElement.setAttribute('data-course-a11y', 'ready');  // 브라우저 시험이 기다리는 표시
  };

  const koreanCopyButtons = () => {
    for (const button of document.querySelectorAll('button.copybtn')) {
      button.setAttribute('aria-label', '코드를 클립보드에 복사');
      button.setAttribute('data-tooltip', '복사');
    }
  };

  // sphinx-copybutton(copybutton.js, 이 파일보다 먼저 실행)의 전역 messages와 locale: 알림(복사했습니다!)을 한국어로.
  if (typeof messages === 'object' && typeof locale === 'string') {
    messages.ko = {copy: '복사', copy_to_clipboard: '클립보드에 복사', copy_success: '복사했습니다!',
                   copy_failure: '복사하지 못했습니다'};
    locale = 'ko';  // eslint-disable-line no-global-assign
  }

  // doctools.js의 Documentation은 전역 const라 window의 속성이 아닙니다.
  const translations = typeof Documentation === 'object' && Documentation.TRANSLATIONS;
  const FINISHED = 'Search finished, found one page matching the search query.';
  if (translations && Array.isArray(translations[FINISHED]) && !translations[FINISHED][0]) {
    translations[FINISHED] = ['검색을 마쳤습니다. 검색어가 든 쪽을 ${resultCount}개 찾았습니다.'];  // Sphinx가 개수를 넣음
  }

  const announceSearchSummary = () => {
    const results = document.getElementById('search-results');
    if (!results) return;
    new MutationObserver(() => {
      const summary = results.querySelector('p.search-summary');
      if (summary && !summary.hasAttribute('role')) summary.setAttribute('role', 'status');
    }).observe(results, {childList: true});
  };

  const DRAWERS = [
    {toggle: 'label.nav-overlay-icon', box: '__navigation', drawer: '.sidebar-drawer', name: '사이트 목차'},
    {toggle: 'label.toc-overlay-icon', box: '__toc', drawer: '.toc-drawer', name: '이 쪽의 차례'},
  ];
  const keyboardDrawers = () => {
    for (const {toggle, box, drawer, name} of DRAWERS) {
      const checkbox = document.getElementById(box);
      const panel = document.querySelector(drawer);
      if (!checkbox || !panel) continue;
      const buttons = [...document.querySelectorAll(toggle)];
      const sync = () => buttons.forEach(b => {
        b.setAttribute('aria-expanded', String(checkbox.checked));
        b.setAttribute('aria-label', `${name} ${checkbox.checked ? '닫기' : '열기'}`);
      });
      const open = (button, wanted) => {
        checkbox.checked = wanted;
        sync();
        if (wanted) {
          // 검색창(옆 목차)이 있으면 거기로, 없으면 그려진 첫 링크로(furo는 차례의 첫 항목인 쪽 제목을 숨김)
          const shown = [...panel.querySelectorAll('input.sidebar-search, a[href]')].filter(el => el.getClientRects().length);
          const first = shown.find(el => el.matches('input')) || shown[0];
          if (first) first.focus();
        } else if (button) {
          button.focus();
        }
      };
      for (const button of buttons) {
        button.setAttribute('role', 'button');
        button.setAttribute('tabindex', '0');
        button.addEventListener('keydown', event => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            open(button, !checkbox.checked);
          }
        });
      }
      panel.addEventListener('keydown', event => {
        if (event.key === 'Escape' && checkbox.checked) open(buttons.find(b => b.offsetParent !== null), false);
      });
      checkbox.addEventListener('change', sync);  // 마우스로 아이콘이나 어두운 덮개를 누를 때
      sync();
    }
  };

  document.addEventListener('DOMContentLoaded', () => {
    keyboardDrawers();
    announceSearchSummary();
    koreanCopyButtons();
    update();
    if (window.ResizeObserver) new ResizeObserver(update).observe(document.body);
    const mathjax = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
    if (mathjax) mathjax.then(update);
  });
  window.addEventListener('load', update);
})();
