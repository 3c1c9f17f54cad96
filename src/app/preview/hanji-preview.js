/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Hanji's own script. HanjiPreview injects it into the isolated "hanji"
 * world: it shares the DOM with the page, but the page's world can neither
 * see nor call it. Scripts in a post never run at all (JavaScript markup
 * is disabled), so this is the only script the preview executes. */

'use strict';

var hanji = (() => {
  /* Belt and braces behind the disabled JavaScript markup: elements that
   * run code, embed other documents, or change how URLs resolve. */
  const UNSAFE_ELEMENTS = new Set ([
    'script', 'iframe', 'frame', 'frameset', 'object', 'embed',
    'base', 'meta', 'link', 'portal',
  ]);
  const SOURCEPOS = 'data-sourcepos';

  function isUnsafeAttribute (attribute) {
    const name = attribute.name.toLowerCase ();

    if (name.startsWith ('on') || name === 'srcdoc')
      return true;

    /* The URL parser ignores ASCII whitespace and controls, so must we. */
    const value = attribute.value.replace (/[\u0000-\u0020]/g, '').toLowerCase ();
    return value.startsWith ('javascript:') || value.startsWith ('vbscript:');
  }

  function sanitize (root) {
    const walker = document.createTreeWalker (root, NodeFilter.SHOW_ELEMENT);
    const doomed = [];

    for (let element = walker.nextNode (); element; element = walker.nextNode ()) {
      if (UNSAFE_ELEMENTS.has (element.localName)) {
        doomed.push (element);
        continue;
      }
      for (const attribute of Array.from (element.attributes)) {
        if (isUnsafeAttribute (attribute))
          element.removeAttributeNode (attribute);
      }
    }

    for (const element of doomed)
      element.remove ();
  }

  /* Equal apart from source positions, which shift below every edit: a
   * block that only moved keeps its DOM, so its images are neither
   * reloaded nor resized. */
  function sameNode (a, b) {
    if (a.nodeType !== b.nodeType || a.nodeName !== b.nodeName)
      return false;

    if (a.nodeType !== Node.ELEMENT_NODE)
      return a.nodeValue === b.nodeValue;

    const countA = a.attributes.length - (a.hasAttribute (SOURCEPOS) ? 1 : 0);
    const countB = b.attributes.length - (b.hasAttribute (SOURCEPOS) ? 1 : 0);
    if (countA !== countB)
      return false;

    for (const attribute of Array.from (a.attributes)) {
      if (attribute.name === SOURCEPOS)
        continue;
      if (b.getAttributeNS (attribute.namespaceURI, attribute.localName) !== attribute.value)
        return false;
    }

    const childrenA = a.childNodes;
    const childrenB = b.childNodes;
    if (childrenA.length !== childrenB.length)
      return false;

    for (let i = 0; i < childrenA.length; i++) {
      if (!sameNode (childrenA[i], childrenB[i]))
        return false;
    }

    return true;
  }

  function copySourcepos (live, fresh) {
    if (live.nodeType !== Node.ELEMENT_NODE)
      return;

    const position = fresh.getAttribute (SOURCEPOS);
    if (position === null)
      live.removeAttribute (SOURCEPOS);
    else if (live.getAttribute (SOURCEPOS) !== position)
      live.setAttribute (SOURCEPOS, position);

    for (let i = 0; i < live.childNodes.length; i++)
      copySourcepos (live.childNodes[i], fresh.childNodes[i]);
  }

  /* Replaces only the top-level blocks between the unchanged head and the
   * unchanged tail, so typing in one paragraph touches one paragraph. */
  function setContent (html) {
    const container = document.getElementById ('hanji-content');
    /* A template's content is inert: nothing in it loads or runs until it
     * is sanitized and moved into the page. */
    const template = document.createElement ('template');
    template.innerHTML = html;
    sanitize (template.content);

    const oldNodes = Array.from (container.childNodes);
    const newNodes = Array.from (template.content.childNodes);

    let head = 0;
    while (head < oldNodes.length && head < newNodes.length &&
           sameNode (oldNodes[head], newNodes[head])) {
      copySourcepos (oldNodes[head], newNodes[head]);
      head++;
    }

    let tail = 0;
    while (tail < oldNodes.length - head && tail < newNodes.length - head &&
           sameNode (oldNodes[oldNodes.length - 1 - tail], newNodes[newNodes.length - 1 - tail])) {
      copySourcepos (oldNodes[oldNodes.length - 1 - tail], newNodes[newNodes.length - 1 - tail]);
      tail++;
    }

    const scrollX = window.scrollX;
    const scrollY = window.scrollY;
    const anchor = tail > 0 ? oldNodes[oldNodes.length - tail] : null;
    const inserted = document.createDocumentFragment ();

    for (let i = head; i < oldNodes.length - tail; i++)
      oldNodes[i].remove ();
    for (let i = head; i < newNodes.length - tail; i++)
      inserted.appendChild (newNodes[i]);
    container.insertBefore (inserted, anchor);

    /* Only if the document got shorter than where the writer was. */
    if (window.scrollY !== scrollY || window.scrollX !== scrollX)
      window.scrollTo (scrollX, scrollY);

    return newNodes.length - head - tail;
  }

  function setDark (dark) {
    document.documentElement.classList.toggle ('hanji-dark', dark);
  }

  /* In-page links (footnotes, a table of contents) scroll here instead of
   * navigating, so the view's URI never changes. */
  function onClick (event) {
    if (event.defaultPrevented || event.button !== 0 || !(event.target instanceof Element))
      return;

    const link = event.target.closest ('a[href^="#"]');
    if (!link)
      return;

    event.preventDefault ();

    let id = link.getAttribute ('href').slice (1);
    try {
      id = decodeURIComponent (id);
    } catch (e) {
      /* Not percent-encoded after all: use it as written. */
    }

    const target = id === '' ? document.documentElement
                             : (document.getElementById (id) || document.getElementsByName (id)[0]);
    if (target)
      target.scrollIntoView ({ block: 'start' });
  }

  document.addEventListener ('click', onClick);

  return Object.freeze ({ setContent, setDark });
}) ();
