import { MERMAID_THEMES, type MermaidTheme } from './protocol';

/** VS Code's ColorThemeKind values, repeated here so this module stays free of the vscode API. */
export const enum ColorThemeKind {
  Light = 1,
  Dark = 2,
  HighContrast = 3,
  HighContrastLight = 4,
}

/** The Mermaid theme for the editor's colour theme, unless the `glossary.preview.theme` setting pins one. */
export function mermaidThemeFor(kind: ColorThemeKind, setting: unknown): MermaidTheme {
  if (typeof setting === 'string' && MERMAID_THEMES.includes(setting as MermaidTheme)) return setting as MermaidTheme;
  return kind === ColorThemeKind.Dark || kind === ColorThemeKind.HighContrast ? 'dark' : 'default';
}
