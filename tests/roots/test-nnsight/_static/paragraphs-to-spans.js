// What a script of nnsight's docs does: on every page containing a <summary>, each
// <p> of the page is replaced by a <span> holding the same children (its class lost).
document.addEventListener('DOMContentLoaded', () => {
  if (!document.querySelector('summary')) return;
  for (const paragraph of Array.from(document.querySelectorAll('p'))) {
    const span = document.createElement('span');
    while (paragraph.firstChild) span.appendChild(paragraph.firstChild);
    paragraph.replaceWith(span);
  }
});
