// A small markdown renderer for chat messages, safe by construction: it builds DOM nodes and puts every piece of the
// message on the page as a text node (never innerHTML), so raw HTML in a message stays visible text. Links are kept
// only for http:, https: and mailto: addresses. Written for this sample (no dependency, no CDN).
//
// Blocks: paragraphs (single newlines kept as line breaks), ``` fenced code (with a language), # headings,
// > quotes, - / * / + and 1. lists, --- rules. Inline: `code`, **bold**, *italic* / _italic_, ~~strike~~,
// [text](url) links and bare http(s) addresses.
'use strict';

(function () {
  const SAFE_URL = /^(https?:\/\/|mailto:)/i;

  function el(tag, className, children) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    for (const child of children ?? []) node.append(child);
    return node;
  }

  // Inline rules, tried at each position; the earliest match wins (then the first rule listed).
  const INLINE = [
    { re: /`([^`\n]+)`/y, make: (m) => el('code', null, [m[1]]) },
    { re: /\*\*(?=\S)([\s\S]*?\S)\*\*/y, make: (m) => el('strong', null, inline(m[1])) },
    // Underscores only at word edges (snake_case and __dunder__ names inside words stay text).
    { re: /(?<![\p{L}\p{N}_])__(?=[^\s_])([\s\S]*?[^\s_])__(?![\p{L}\p{N}_])/uy, make: (m) => el('strong', null, inline(m[1])) },
    { re: /~~(?=\S)([\s\S]*?\S)~~/y, make: (m) => el('del', null, inline(m[1])) },
    { re: /\*(?=[^\s*])([^*]*?[^\s*])\*/y, make: (m) => el('em', null, inline(m[1])) },
    { re: /(?<![\p{L}\p{N}_])_(?=[^\s_])([^_]*?[^\s_])_(?![\p{L}\p{N}_])/uy, make: (m) => el('em', null, inline(m[1])) },
    { re: /\[([^\]\n]+)\]\(([^)\s]+)\)/y, make: (m) => link(m[2], inline(m[1]), m[0]) },
    { re: /https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/y, make: (m) => link(m[0], [m[0]], m[0]) },
  ];
  const STARTS = /[`*_~[h]/g;

  function link(url, children, original) {
    if (!SAFE_URL.test(url)) return document.createTextNode(original);
    const a = el('a', null, children);
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }

  /** Inline markdown of one block's text: an array of nodes (text nodes and a few safe elements). */
  function inline(text) {
    const nodes = [];
    let plain = '';
    let i = 0;
    while (i < text.length) {
      STARTS.lastIndex = i;
      const next = STARTS.exec(text);
      if (!next) break;
      let matched = null;
      for (const rule of INLINE) {
        rule.re.lastIndex = next.index;
        const m = rule.re.exec(text);
        if (m) {
          matched = { m, rule };
          break;
        }
      }
      if (!matched) {
        plain += text.slice(i, next.index + 1);
        i = next.index + 1;
        continue;
      }
      plain += text.slice(i, next.index);
      if (plain) nodes.push(document.createTextNode(plain));
      plain = '';
      nodes.push(matched.rule.make(matched.m));
      i = next.index + matched.m[0].length;
    }
    plain += text.slice(i);
    if (plain) nodes.push(document.createTextNode(plain));
    return nodes;
  }

  /** Inline markdown with single newlines kept as line breaks. */
  function inlineLines(lines) {
    const nodes = [];
    lines.forEach((line, index) => {
      if (index > 0) nodes.push(document.createElement('br'));
      nodes.push(...inline(line));
    });
    return nodes;
  }

  const FENCE = /^\s{0,3}(```+|~~~+)\s*([\w+#.-]*)\s*$/;
  const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
  const QUOTE = /^\s{0,3}>\s?(.*)$/;
  const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
  const NUMBERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
  const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;

  /** Block markdown: a DocumentFragment. */
  function blocks(lines) {
    const fragment = document.createDocumentFragment();
    let i = 0;
    while (i < lines.length) {
      const line = lines[i];
      if (!line.trim()) {
        i++;
        continue;
      }
      let m;
      if ((m = FENCE.exec(line))) {
        const fence = m[1];
        const code = [];
        i++;
        while (i < lines.length && !lines[i].trim().startsWith(fence)) code.push(lines[i++]);
        i++; // the closing fence (or the end of the message)
        const codeNode = el('code', m[2] ? `language-${m[2]}` : null, [code.join('\n')]);
        const pre = el('pre', 'md-code', [codeNode]);
        if (m[2]) pre.dataset.language = m[2];
        fragment.append(pre);
      } else if (RULE.test(line)) {
        fragment.append(document.createElement('hr'));
        i++;
      } else if ((m = HEADING.exec(line))) {
        fragment.append(el(`h${Math.min(m[1].length + 2, 6)}`, null, inline(m[2])));
        i++;
      } else if (QUOTE.test(line)) {
        const quoted = [];
        while (i < lines.length && (m = QUOTE.exec(lines[i]))) {
          quoted.push(m[1]);
          i++;
        }
        fragment.append(el('blockquote', null, [blocks(quoted)]));
      } else if (BULLET.test(line) || NUMBERED.test(line)) {
        const ordered = !BULLET.test(line);
        const pattern = ordered ? NUMBERED : BULLET;
        const list = document.createElement(ordered ? 'ol' : 'ul');
        if (ordered && (m = NUMBERED.exec(line)) && m[1] !== '1') list.start = Number(m[1]);
        while (i < lines.length && (m = pattern.exec(lines[i]))) {
          const item = [ordered ? m[2] : m[1]];
          i++;
          // Indented lines continue the item.
          while (i < lines.length && /^\s{2,}\S/.test(lines[i]) && !pattern.test(lines[i])) item.push(lines[i++].trim());
          list.append(el('li', null, inlineLines(item)));
        }
        fragment.append(list);
      } else {
        const paragraph = [];
        while (i < lines.length && lines[i].trim() && !FENCE.test(lines[i]) && !HEADING.test(lines[i])
          && !QUOTE.test(lines[i]) && !BULLET.test(lines[i]) && !NUMBERED.test(lines[i]) && !RULE.test(lines[i])) {
          paragraph.push(lines[i++]);
        }
        fragment.append(el('p', null, inlineLines(paragraph)));
      }
    }
    return fragment;
  }

  /** Renders a message's markdown into a DocumentFragment of safe nodes. */
  globalThis.renderMarkdown = function renderMarkdown(text) {
    return blocks(String(text ?? '').replace(/\r\n?/g, '\n').split('\n'));
  };
}());
