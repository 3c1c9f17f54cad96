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
  /* Attributes and nodes Hanji adds to the live DOM (placeholders for
   * missing images). A post may not bring its own, and the patcher
   * looks past them when it compares old and new content. */
  const OWN_PREFIX = 'data-hanji-';
  const MISSING = 'data-hanji-missing';
  const GENERATED = 'data-hanji-generated';
  /* How often, at most, the top visible line is reported while scrolling. */
  const REPORT_INTERVAL_MS = 60;

  const labels = { missing: '', remote: '' };
  let loadRemote = true;

  function isUnsafeAttribute (attribute) {
    const name = attribute.name.toLowerCase ();

    if (name.startsWith ('on') || name === 'srcdoc' || name.startsWith (OWN_PREFIX))
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
  function isGenerated (node) {
    return node.nodeType === Node.ELEMENT_NODE && node.hasAttribute (GENERATED);
  }

  /* The nodes that came from the post, without Hanji's placeholders. */
  function contentChildren (node) {
    return Array.from (node.childNodes).filter (child => !isGenerated (child));
  }

  function isComparedAttribute (attribute) {
    return attribute.name !== SOURCEPOS && !attribute.name.startsWith (OWN_PREFIX);
  }

  function sameNode (a, b) {
    if (a.nodeType !== b.nodeType || a.nodeName !== b.nodeName)
      return false;

    if (a.nodeType !== Node.ELEMENT_NODE)
      return a.nodeValue === b.nodeValue;

    const attributesA = Array.from (a.attributes).filter (isComparedAttribute);
    const countB = Array.from (b.attributes).filter (isComparedAttribute).length;
    if (attributesA.length !== countB)
      return false;

    for (const attribute of attributesA) {
      if (b.getAttributeNS (attribute.namespaceURI, attribute.localName) !== attribute.value)
        return false;
    }

    const childrenA = contentChildren (a);
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

    const children = contentChildren (live);
    for (let i = 0; i < children.length; i++)
      copySourcepos (children[i], fresh.childNodes[i]);
  }

  /* Placeholders for images that did not load */

  function isRemote (url) {
    return /^https?:/i.test (url);
  }

  function showMissing (image) {
    if (!image.isConnected || image.hasAttribute (MISSING))
      return;

    const path = image.getAttribute ('src') || '';
    const remote = isRemote (image.currentSrc || image.src || path);
    const box = document.createElement ('span');
    box.className = 'hanji-missing-image';
    box.setAttribute (GENERATED, '');

    const note = document.createElement ('span');
    note.className = 'hanji-missing-note';
    note.textContent = remote && !loadRemote ? labels.remote : labels.missing;
    box.appendChild (note);

    const alt = image.getAttribute ('alt');
    if (alt) {
      const altText = document.createElement ('span');
      altText.className = 'hanji-missing-alt';
      altText.textContent = alt;
      box.appendChild (altText);
    }

    const pathText = document.createElement ('span');
    pathText.className = 'hanji-missing-path';
    pathText.textContent = path;
    box.appendChild (pathText);

    image.setAttribute (MISSING, remote && !loadRemote ? 'remote' : 'local');
    image.after (box);
  }

  /* Error events do not bubble, but they can be caught on the way down. */
  function onError (event) {
    if (event.target instanceof HTMLImageElement &&
        event.target.closest ('#hanji-content'))
      showMissing (event.target);
  }

  /* Images already broken before this script could listen. */
  function markBrokenImages () {
    for (const image of document.querySelectorAll ('#hanji-content img')) {
      if (image.complete && image.naturalWidth === 0 && image.getAttribute ('src'))
        showMissing (image);
    }
  }

  function setOptions (options) {
    labels.missing = options.missing;
    labels.remote = options.remote;
    loadRemote = options.loadRemote;
    markBrokenImages ();
  }

  /* Scroll sync by source line */

  /* Where each block starts and ends, as (line, y) points in document
   * coordinates, rising in both. Lines are those of data-sourcepos:
   * counted from 1 in the whole file. */
  function linePoints () {
    const points = [];

    for (const element of document.querySelectorAll ('#hanji-content [' + SOURCEPOS + ']')) {
      const match = /^(\d+):\d+-(\d+):\d+$/.exec (element.getAttribute (SOURCEPOS));
      if (!match)
        continue;

      const rect = element.getBoundingClientRect ();
      if (rect.height === 0 && rect.width === 0)
        continue;

      const top = rect.top + window.scrollY;
      points.push ([Number (match[1]), top]);
      points.push ([Number (match[2]) + 1, top + rect.height]);
    }

    points.sort ((a, b) => a[0] - b[0] || b[1] - a[1]);

    /* One point per line, the greatest y there (a block's top rather than
     * the bottom of the one before), and never going back up. */
    const merged = [];
    for (const point of points) {
      const last = merged[merged.length - 1];
      if (last && last[0] === point[0])
        continue;
      merged.push ([point[0], last ? Math.max (last[1], point[1]) : point[1]]);
    }

    return merged;
  }

  function interpolate (points, from, to, value) {
    if (points.length === 0)
      return null;
    if (value <= points[0][from])
      return points[0][to];

    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1];
      const b = points[i];
      if (value < b[from]) {
        const span = b[from] - a[from];
        const t = span > 0 ? (value - a[from]) / span : 0;
        return a[to] + t * (b[to] - a[to]);
      }
    }

    return points[points.length - 1][to];
  }

  function yForLine (line) {
    const points = linePoints ();
    if (points.length === 0 || line <= points[0][0])
      return 0;
    return interpolate (points, 0, 1, line);
  }

  function lineForY (y) {
    const points = linePoints ();
    if (points.length === 0)
      return 1;
    if (y <= points[0][1])
      return points[0][0];
    return interpolate (points, 1, 0, y);
  }

  /* The scroll position Hanji itself set last: a scroll event that finds
   * the page there is Hanji's own (sync or a content update), and is not
   * reported back, so the two sides never chase each other. */
  let syncedY = null;
  let reportTimeout = 0;
  let lastReport = 0;

  function markSynced () {
    syncedY = window.scrollY;
  }

  function post (message) {
    const handler = window.webkit && window.webkit.messageHandlers &&
                    window.webkit.messageHandlers.hanji;
    if (handler)
      handler.postMessage (message);
  }

  function reportScroll () {
    reportTimeout = 0;
    if (syncedY !== null && Math.abs (window.scrollY - syncedY) < 1)
      return;
    syncedY = null;
    lastReport = performance.now ();
    post ({ type: 'scroll', line: Math.max (1, Math.floor (lineForY (window.scrollY) + 0.5)) });
  }

  function onScroll () {
    if (syncedY !== null && Math.abs (window.scrollY - syncedY) < 1)
      return;
    if (reportTimeout)
      return;

    const wait = Math.max (0, lastReport + REPORT_INTERVAL_MS - performance.now ());
    reportTimeout = setTimeout (reportScroll, wait);
  }

  function scrollToLine (line) {
    window.scrollTo (window.scrollX, Math.round (yForLine (line)));
    markSynced ();
    return window.scrollY;
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
    if (window.scrollY !== scrollY)
      markSynced ();

    /* Broken images among the new blocks show their placeholder even if
     * their error fired before they were in the page. */
    markBrokenImages ();

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

    if (event.target.closest ('a[href]')) {
      onLinkClick (event);
      return;
    }

    /* A click that ends a text selection is not a request to jump. */
    const selection = window.getSelection ();
    if (selection && !selection.isCollapsed)
      return;

    const block = event.target.closest ('#hanji-content [' + SOURCEPOS + ']');
    const match = block ? /^(\d+):/.exec (block.getAttribute (SOURCEPOS)) : null;
    if (match)
      post ({ type: 'click', line: Number (match[1]) });
  }

  function onLinkClick (event) {
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
  document.addEventListener ('error', onError, true);
  window.addEventListener ('scroll', onScroll, { passive: true });

  return Object.freeze ({ setContent, setDark, setOptions, scrollToLine });
}) ();
