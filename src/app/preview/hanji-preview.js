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
  /* On a <code> Hanji has coloured. */
  const HIGHLIGHTED = 'data-hanji-highlighted';
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

    /* Coloured code holds Hanji's spans where the fresh one holds plain
     * text: the same code if the text is the same. */
    if (a.hasAttribute (HIGHLIGHTED))
      return a.textContent === b.textContent;

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
    if (live.nodeType !== Node.ELEMENT_NODE || !fresh || fresh.nodeType !== Node.ELEMENT_NODE)
      return;

    const position = fresh.getAttribute (SOURCEPOS);
    if (position === null)
      live.removeAttribute (SOURCEPOS);
    else if (live.getAttribute (SOURCEPOS) !== position)
      live.setAttribute (SOURCEPOS, position);

    /* Coloured code has Hanji's spans inside, and no positions. */
    if (live.hasAttribute (HIGHLIGHTED))
      return;

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

  /* Images already broken before this script could listen (in root,
   * by default the whole content). */
  function markBrokenImages (root) {
    const images = root ? root.querySelectorAll ('img')
                        : document.querySelectorAll ('#hanji-content img');
    for (const image of images) {
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
    const selector = '[' + SOURCEPOS + ']';

    for (const block of blocks) {
      for (const node of block.nodes) {
        if (node.nodeType !== Node.ELEMENT_NODE)
          continue;

        const elements = Array.from (node.querySelectorAll (selector));
        if (node.hasAttribute (SOURCEPOS))
          elements.unshift (node);

        for (const element of elements) {
          /* Footnotes are written where they are used but shown at the
           * end: their lines would pull every line after them down to
           * the bottom of the page. */
          if (element.closest ('.footnotes'))
            continue;

          const lines = sourceLines (element, block.shift);
          if (!lines)
            continue;

          const rect = element.getBoundingClientRect ();
          if (rect.height === 0 && rect.width === 0)
            continue;

          const top = rect.top + window.scrollY;
          points.push ([lines[0], top]);
          points.push ([lines[1] + 1, top + rect.height]);
        }
      }
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

  /* Counts Hanji's own scrolls, so a check queued before one of them
   * knows the position moved on purpose. */
  let scrollSerial = 0;

  function scrollToLine (line) {
    scrollSerial++;
    window.scrollTo (window.scrollX, Math.round (yForLine (line)));
    markSynced ();
    return window.scrollY;
  }

  /* The page's content as the renderer's top-level blocks, in order: the
   * nodes each one became, and how many lines to add to the line numbers
   * in their data-sourcepos. A block that only moved (an edit above it
   * added or removed lines) keeps its DOM and just changes its shift, so
   * an edit costs the same at the top of a long post as at the end. */
  let blocks = [];
  const blockOfNode = new WeakMap ();

  function parseBlock (html, shift) {
    /* A template's content is inert: nothing in it loads or runs until
     * it is sanitized and moved into the page. */
    const template = document.createElement ('template');
    template.innerHTML = html;
    sanitize (template.content);
    return { nodes: Array.from (template.content.childNodes), shift };
  }

  /* Replaces blocks [head, head + remove) with the given ones, and moves
   * the blocks before and after by headShift and tailShift lines. Within
   * the replaced run, nodes equal to the new ones apart from source
   * positions are kept, so typing in one paragraph touches one paragraph
   * even when the whole page is one block. */
  function patch (message) {
    const container = document.getElementById ('hanji-content');

    if (message.reset) {
      container.replaceChildren ();
      blocks = [];
    }

    const head = Math.min (message.head, blocks.length);
    const tailStart = Math.min (head + message.remove, blocks.length);

    if (message.headShift)
      for (let i = 0; i < head; i++)
        blocks[i].shift += message.headShift;
    if (message.tailShift)
      for (let i = tailStart; i < blocks.length; i++)
        blocks[i].shift += message.tailShift;

    const fresh = [];
    for (let i = 0; i < message.count; i++)
      fresh.push (parseBlock (message.blocks[i], message.shifts[i]));

    const oldNodes = [];
    for (let i = head; i < tailStart; i++)
      oldNodes.push (...blocks[i].nodes);
    /* Each new node with its block and place there, to swap kept nodes in. */
    const newNodes = [];
    for (const block of fresh)
      block.nodes.forEach ((node, index) => newNodes.push ({ node, block, index }));

    let same = 0;
    while (same < oldNodes.length && same < newNodes.length &&
           sameNode (oldNodes[same], newNodes[same].node))
      same++;
    let tail = 0;
    while (tail < oldNodes.length - same && tail < newNodes.length - same &&
           sameNode (oldNodes[oldNodes.length - 1 - tail], newNodes[newNodes.length - 1 - tail].node))
      tail++;

    const keep = (oldNode, entry) => {
      copySourcepos (oldNode, entry.node);
      entry.block.nodes[entry.index] = oldNode;
    };
    for (let i = 0; i < same; i++)
      keep (oldNodes[i], newNodes[i]);
    for (let i = 1; i <= tail; i++)
      keep (oldNodes[oldNodes.length - i], newNodes[newNodes.length - i]);

    const scrollY = window.scrollY;
    let anchor = null;
    if (tail > 0)
      anchor = oldNodes[oldNodes.length - tail];
    else if (tailStart < blocks.length)
      anchor = blocks[tailStart].nodes[0] || null;

    const inserted = document.createDocumentFragment ();
    for (let i = same; i < oldNodes.length - tail; i++)
      oldNodes[i].remove ();
    for (let i = same; i < newNodes.length - tail; i++)
      inserted.appendChild (newNodes[i].node);
    container.insertBefore (inserted, anchor);

    for (const block of fresh)
      for (const node of block.nodes)
        blockOfNode.set (node, block);
    blocks.splice (head, tailStart - head, ...fresh);

    /* Reading the scroll position now would lay out the whole page
     * before returning (tens of ms in a long post); the next frame lays
     * it out anyway. The position only moves if the page got shorter
     * than where the writer was. */
    const serial = scrollSerial;
    requestAnimationFrame (() => {
      /* Clamped by a shorter page: that scroll is not the writer's, and
       * is not reported back. Anything else moved it on purpose. */
      if (serial === scrollSerial && window.scrollY < scrollY &&
          window.scrollY >= document.documentElement.scrollHeight - window.innerHeight - 1)
        markSynced ();
    });

    /* Broken images among the new blocks show their placeholder even if
     * their error fired before they were in the page. */
    for (let i = same; i < newNodes.length - tail; i++) {
      const node = newNodes[i].node;
      if (node.nodeType === Node.ELEMENT_NODE) {
        markBrokenImages (node);
        highlightCode (node);
      }
    }

    return newNodes.length - same - tail;
  }

  /* The whole content as one block (tests, plain fragments). */
  function setContent (html) {
    return patch ({ head: 0, remove: blocks.length, headShift: 0, tailShift: 0,
                    count: 1, blocks: { 0: html }, shifts: { 0: 0 } });
  }

  /* Fenced code in the editor's colours. Hanji highlights with
   * GtkSourceView in the UI process; the page asks for what it has not
   * seen yet and keeps the answers, so a block that is rendered again
   * (typing in it, or next to it) is coloured before it is painted. */
  /* language + NUL + code → inner HTML, or null when the language is
   * unknown to GtkSourceView. */
  const highlights = new Map ();
  const requested = new Set ();
  /* Large blocks wait for a pause in typing (characters, delay). */
  const LARGE_CODE = 4000;
  const LARGE_CODE_DELAY_MS = 600;
  const deferred = new Map ();
  let deferTimeout = 0;

  function codeLanguage (code) {
    for (const name of code.classList)
      if (name.startsWith ('language-'))
        return name.slice ('language-'.length);
    return null;
  }

  function highlightKey (language, text) {
    return language + '\u0000' + text;
  }

  /* Colours what is known, and asks for the rest. */
  function highlightCode (root) {
    const wanted = [];

    for (const code of root.querySelectorAll ('pre > code[class*="language-"]')) {
      if (code.hasAttribute (HIGHLIGHTED))
        continue;

      const language = codeLanguage (code);
      if (!language)
        continue;

      const text = code.textContent;
      const key = highlightKey (language, text);
      const html = highlights.get (key);

      if (html === undefined) {
        if (!requested.has (key)) {
          requested.add (key);
          wanted.push ({ language, code: text });
        }
        continue;
      }

      if (html !== null) {
        /* Only spans with inline styles around escaped text, from Hanji
         * itself; sanitized all the same. */
        const template = document.createElement ('template');
        template.innerHTML = html;
        sanitize (template.content);
        code.replaceChildren (template.content);
      }
      code.setAttribute (HIGHLIGHTED, '');
    }

    /* GtkSourceView colours a few KB in a millisecond or two, but a big
     * block takes longer, in Hanji's main loop: while one is being typed
     * into (every keystroke makes a new text), ask only once typing
     * pauses. */
    const now = wanted.filter (item => item.code.length <= LARGE_CODE);
    const later = wanted.filter (item => item.code.length > LARGE_CODE);

    if (now.length > 0)
      post ({ type: 'highlight', items: now });

    if (later.length > 0 || deferTimeout) {
      for (const item of later)
        deferred.set (highlightKey (item.language, item.code), item);
      clearTimeout (deferTimeout);
      deferTimeout = setTimeout (postDeferred, LARGE_CODE_DELAY_MS);
    }
  }

  function postDeferred () {
    deferTimeout = 0;
    /* Only what is still in the page: the texts typed through are gone. */
    const shown = new Set ();
    for (const code of document.querySelectorAll ('#hanji-content pre > code[class*="language-"]'))
      shown.add (highlightKey (codeLanguage (code), code.textContent));

    const items = [];
    for (const [key, item] of deferred) {
      if (shown.has (key))
        items.push (item);
      else
        requested.delete (key);
    }
    deferred.clear ();

    if (items.length > 0)
      post ({ type: 'highlight', items });
  }

  function setHighlights (items) {
    for (const item of Object.values (items)) {
      const key = highlightKey (item.language, item.code);
      requested.delete (key);
      highlights.set (key, typeof item.html === 'string' ? item.html : null);
    }
    highlightCode (document.getElementById ('hanji-content'));
  }

  /* The colours changed (light or dark): forget them and start over. */
  function resetHighlights (css) {
    let style = document.getElementById ('hanji-code-style');
    if (!style) {
      style = document.createElement ('style');
      style.id = 'hanji-code-style';
      document.head.appendChild (style);
    }
    style.textContent = css;

    highlights.clear ();
    requested.clear ();
    deferred.clear ();
    clearTimeout (deferTimeout);
    deferTimeout = 0;
    for (const code of document.querySelectorAll ('#hanji-content [' + HIGHLIGHTED + ']')) {
      code.textContent = code.textContent;
      code.removeAttribute (HIGHLIGHTED);
    }
    highlightCode (document.getElementById ('hanji-content'));
  }

  /* An element's source lines in the current text: its data-sourcepos
   * plus the shift of the block it belongs to. */
  function shiftOf (element) {
    const container = document.getElementById ('hanji-content');
    let top = element;
    while (top && top.parentNode !== container)
      top = top.parentNode;
    const block = top ? blockOfNode.get (top) : null;
    return block ? block.shift : 0;
  }

  function sourceLines (element, shift) {
    const match = /^(\d+):\d+-(\d+):\d+$/.exec (element.getAttribute (SOURCEPOS) || '');
    if (!match)
      return null;
    /* Line 0 is cmark's "nowhere" (a table's split-off paragraph): it
     * never moves. */
    const move = line => line === 0 ? 0 : line + shift;
    return [move (Number (match[1])), move (Number (match[2]))];
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

    const element = event.target.closest ('#hanji-content [' + SOURCEPOS + ']');
    const lines = element ? sourceLines (element, shiftOf (element)) : null;
    if (lines)
      post ({ type: 'click', line: lines[0] });
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

  /* For tests: an element's first source line in the current text. */
  function lineOf (element) {
    const lines = sourceLines (element, shiftOf (element));
    return lines ? lines[0] : null;
  }

  return Object.freeze ({ patch, setContent, setDark, setOptions, scrollToLine, lineOf,
                          setHighlights, resetHighlights });
}) ();
