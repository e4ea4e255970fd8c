// 코스 웹사이트의 키보드·화면 낭독기 지원(site/a11y.py가 설명합니다).
//
// 1. 넘치는 영역(넓은 코드 블록, 출력, 표, 수식)은 마우스 없이도 스크롤할 수 있어야 합니다(WCAG 2.1.1).
//    실제로 넘치는 영역에만 tabindex="0"을 주어 Tab으로 초점을 옮긴 뒤 화살표 키로 스크롤하게 합니다.
//    넘치지 않는 블록까지 Tab 정류장으로 만들면 키보드 사용자가 코드 셀마다 Tab을 눌러야 하므로 그렇게 하지 않습니다.
//    창 크기가 바뀌거나(휴대폰 회전) 수식이 조판되면 다시 봅니다.
// 2. 코드 복사 단추(sphinx-copybutton)의 이름과 알림을 한국어로 합니다.
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

  document.addEventListener('DOMContentLoaded', () => {
    koreanCopyButtons();
    update();
    if (window.ResizeObserver) new ResizeObserver(update).observe(document.body);
    const mathjax = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
    if (mathjax) mathjax.then(update);
  });
  window.addEventListener('load', update);
})();
