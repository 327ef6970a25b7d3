// A patch of Mermaid's chunks for every bundle that holds Mermaid (applied by scripts/mermaidPatches.mjs):
// Mermaid's `assignWithDepth` with the same results, written for speed.
//
// Why: every `mermaid.parse` deep-copies Mermaid's whole configuration many times (`getConfig()` is
// called by the diagram databases for every vertex, class and relation). Mermaid's copy creates every
// property with `Object.defineProperty`, which V8 handles far more slowly than an assignment; profiled
// on generated glossaries, that copy was 80 % of the time of a parse (bench/README.md).
// The replacement assigns plainly, except the one key where an assignment differs from a definition
// (`__proto__`, which an assignment would take as the object's prototype). Same branches, same order.
//
// The patch replaces Mermaid's function only where it finds it verbatim: a Mermaid release that
// changes it fails the build here, so the replacement is looked at again rather than silently dropped.
//
// Even fast, ~50 copies per diagram remain most of a parse (FlowDB.addVertex takes a fresh
// `getConfig()` for every labelled vertex). So `getConfig` gets a second mode, off unless the
// Mermaid check turns it on (`globalThis.glossaryMermaidSharedConfig`, mermaidEngine.ts): one copy
// per configuration, made at its first reading and handed to every reader of it, in this parse and
// the next ones; and the configurations made from the same inputs are made once
// (`updateCurrentConfig`). Rendering (the webviews) never turns it on. A parse writes into its copy
// only in the diagrams' `init`, which writes what the configuration already says (the flowchart's
// `arrowMarkerAbsolute`, the sequence's `wrap`): the same values at every parse, so what one parse
// leaves in a copy is what the next would write. A copy per parse (two for a flowchart: before and
// after its `init`) was a fifth of a parse. A parse that fails shared is parsed again the published
// way, and tests compare both ways over every diagram type, in orders that let each follow the
// others, and hold the shared copies to what one round of every type leaves
// (test/unit/mermaidSharedConfig.test.ts).

/** Where the function is, in Mermaid's ESM chunks. */
const MARKER = '// src/assignWithDepth.ts\n';

/** Mermaid 11's function, as published (node_modules/mermaid/dist/chunks/mermaid.core/chunk-*.mjs). */
export const ORIGINAL = `var assignWithDepth = /* @__PURE__ */ __name((dst, src, { depth = 2 } = {}) => {
  const config2 = { depth };
  if (Array.isArray(src) && !Array.isArray(dst)) {
    src.forEach((s) => assignWithDepth(dst, s, config2));
    return dst;
  } else if (Array.isArray(src) && Array.isArray(dst)) {
    src.forEach((s) => {
      if (!dst.includes(s)) {
        dst.push(s);
      }
    });
    return dst;
  }
  if (dst === void 0 || dst === null || depth <= 0) {
    if (dst !== void 0 && dst !== null && typeof dst === "object" && typeof src === "object") {
      return Object.assign(dst, src);
    } else {
      return src;
    }
  }
  if (src !== void 0 && src !== null && typeof dst === "object" && typeof src === "object") {
    const dstWithKeys = dst;
    Object.entries(src).forEach(([key, srcValue]) => {
      if (typeof srcValue === "object") {
        if (srcValue === null) {
          return;
        }
        if (!Object.hasOwn(dst, key)) {
          Object.defineProperty(dst, key, {
            value: void 0,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
        if (dstWithKeys[key] === void 0) {
          dstWithKeys[key] = Array.isArray(srcValue) ? [] : {};
        }
        if (typeof dstWithKeys[key] === "object") {
          dstWithKeys[key] = assignWithDepth(dstWithKeys[key], srcValue, { depth: depth - 1 });
        }
      } else if (typeof dstWithKeys[key] !== "object") {
        if (Object.hasOwn(dst, key)) {
          dstWithKeys[key] = srcValue;
        } else {
          Object.defineProperty(dst, key, {
            value: srcValue,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
      }
    });
  }
  return dst;
}, "assignWithDepth");`;

/** The same function: one loop instead of a callback per key, assignments instead of definitions. */
export const REPLACEMENT = `var assignWithDepth = /* @__PURE__ */ __name((dst, src, { depth = 2 } = {}) => {
  if (Array.isArray(src)) {
    if (Array.isArray(dst)) {
      for (const item of src) if (!dst.includes(item)) dst.push(item);
    } else {
      for (const item of src) assignWithDepth(dst, item, { depth });
    }
    return dst;
  }
  if (dst === void 0 || dst === null || depth <= 0) {
    return dst !== void 0 && dst !== null && typeof dst === "object" && typeof src === "object" ? Object.assign(dst, src) : src;
  }
  if (src !== void 0 && src !== null && typeof dst === "object" && typeof src === "object") {
    for (const [key, srcValue] of Object.entries(src)) {
      if (typeof srcValue === "object") {
        if (srcValue === null) continue;
        if (!Object.hasOwn(dst, key)) glossaryDefineOwn(dst, key, void 0);
        if (dst[key] === void 0) dst[key] = Array.isArray(srcValue) ? [] : {};
        if (typeof dst[key] === "object") dst[key] = assignWithDepth(dst[key], srcValue, { depth: depth - 1 });
      } else if (typeof dst[key] !== "object") {
        if (Object.hasOwn(dst, key)) dst[key] = srcValue;
        else glossaryDefineOwn(dst, key, srcValue);
      }
    }
  }
  return dst;
}, "assignWithDepth");
/** A new own property, as Object.defineProperty makes it (strict: a frozen target throws, as defineProperty does). */
function glossaryDefineOwn(target, key, value) {
  "use strict";
  if (key === "__proto__") Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
/**
 * assignWithDepth({}, src, { depth }) for an object src that is not an array: the same copy, with
 * none of the checks a fresh destination makes needless (what it holds already; what it inherits,
 * but for __proto__, which only an object value becomes) and without a [key, value] pair per key.
 */
function glossaryFreshCopy(src, depth) {
  const dst = {};
  const keys = Object.keys(src);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = src[key];
    if (typeof value === "object") {
      if (value === null) continue;
      glossaryDefineOwn(dst, key, Array.isArray(value) ? glossaryDistinct(value) : depth > 1 ? glossaryFreshCopy(value, depth - 1) : Object.assign({}, value));
    } else if (key !== "__proto__") dst[key] = value;
  }
  return dst;
}
/** assignWithDepth([], src): the items of src, each once. */
function glossaryDistinct(src) {
  const dst = [];
  for (const item of src) if (!dst.includes(item)) dst.push(item);
  return dst;
}
/** assignWithDepth({}, src), Mermaid's copy of its configuration, by the quicker way where it applies. */
function glossaryCopyOf(src) {
  return src !== null && typeof src === "object" && !Array.isArray(src) ? glossaryFreshCopy(src, 2) : assignWithDepth({}, src);
}`;

/** Mermaid 11's `updateCurrentConfig` (the configuration made from the site's and the directives), in the same chunk. */
export const ORIGINAL_UPDATE_CONFIG = `var updateCurrentConfig = /* @__PURE__ */ __name((siteCfg, _directives) => {
  let cfg = assignWithDepth_default({}, siteCfg);
  let sumOfDirectives = {};
  for (const d of _directives) {
    sanitize(d);
    sumOfDirectives = assignWithDepth_default(sumOfDirectives, d);
  }
  cfg = assignWithDepth_default(cfg, sumOfDirectives);
  if (sumOfDirectives.theme && sumOfDirectives.theme in themes_default) {
    const tmpConfigFromInitialize = assignWithDepth_default({}, configFromInitialize);
    const themeVariables = assignWithDepth_default(
      tmpConfigFromInitialize.themeVariables || {},
      sumOfDirectives.themeVariables
    );
    if (cfg.theme && cfg.theme in themes_default) {
      cfg.themeVariables = themes_default[cfg.theme].getThemeVariables(themeVariables);
    }
  }
  currentConfig = cfg;
  checkConfig(currentConfig);
  return currentConfig;
}, "updateCurrentConfig");`;

/**
 * The same, renamed, behind a memo the check uses: a check parses every diagram from the same site
 * configuration and mostly the same directives, and Mermaid rebuilds (deep-copies) the whole
 * configuration several times a parse. While the check shares its configuration, the configuration
 * made from one site configuration object and directives of the same JSON is made once and kept
 * (at most 256 of them; no one outside this chunk holds or changes `currentConfig`). A parse still
 * reads a copy of its own: `getConfig` shares one copy per parse, not across parses.
 */
export const REPLACEMENT_UPDATE_CONFIG = `${ORIGINAL_UPDATE_CONFIG.replace('var updateCurrentConfig =', 'var glossaryPublishedUpdate =')}
var updateCurrentConfig = /* @__PURE__ */ __name((siteCfg, _directives) => {
  if (globalThis.glossaryMermaidSharedConfig !== true) return glossaryPublishedUpdate(siteCfg, _directives);
  let known = glossaryMadeConfigs.bySite.get(siteCfg);
  if (known === void 0) glossaryMadeConfigs.bySite.set(siteCfg, known = new Map());
  const key = JSON.stringify(_directives);
  const made = known.get(key);
  if (made !== void 0) {
    currentConfig = made;
    return currentConfig;
  }
  const result = glossaryPublishedUpdate(siteCfg, _directives);
  if (++glossaryMadeConfigs.count > 256) glossaryMadeConfigs = { bySite: new WeakMap(), count: 0 };
  else known.set(key, result);
  return result;
}, "updateCurrentConfig");
var glossaryMadeConfigs = { bySite: new WeakMap(), count: 0 };`;

/** Mermaid 11's `getConfig`, in the same chunk. */
export const ORIGINAL_GET_CONFIG = `var getConfig = /* @__PURE__ */ __name(() => {
  return assignWithDepth_default({}, currentConfig);
}, "getConfig");`;

/** The same copy (made the quicker way, see glossaryFreshCopy), or, while the check shares it, the one copy of this configuration. */
export const REPLACEMENT_GET_CONFIG = `var getConfig = /* @__PURE__ */ __name(() => {
  if (globalThis.glossaryMermaidSharedConfig !== true) return glossaryCopyOf(currentConfig);
  let copy = glossarySharedCopies.get(currentConfig);
  if (copy === void 0) glossarySharedCopies.set(currentConfig, copy = glossaryCopyOf(currentConfig));
  return copy;
}, "getConfig");
/** Configuration → its shared copy; a configuration no longer made (updateCurrentConfig's memo) takes its copy with it. */
var glossarySharedCopies = new WeakMap();`;

/** Replaces `original` in `text` once, or says which part of Mermaid changed. */
function replaceVerbatim(text, original, replacement, what, path) {
  const at = text.indexOf(original);
  if (at === -1) {
    throw new Error(`${path}: Mermaid's ${what} is not the one scripts/mermaidConfigCopy.mjs replaces; compare the two and update ORIGINAL and REPLACEMENT.`);
  }
  return text.slice(0, at) + replacement + text.slice(at + original.length);
}

/** Mermaid's chunk text with the functions replaced; throws when the marker is there but a function is not Mermaid 11's. */
export function patchMermaidChunk(text, path = 'a Mermaid chunk') {
  if (!text.includes(MARKER)) return undefined;
  const normalized = text.replace(/\r\n/g, '\n');
  const copied = replaceVerbatim(normalized, ORIGINAL, REPLACEMENT, 'assignWithDepth', path);
  const updated = replaceVerbatim(copied, ORIGINAL_UPDATE_CONFIG, REPLACEMENT_UPDATE_CONFIG, 'updateCurrentConfig', path);
  return replaceVerbatim(updated, ORIGINAL_GET_CONFIG, REPLACEMENT_GET_CONFIG, 'getConfig', path);
}
