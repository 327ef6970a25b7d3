import type { IconSetLoader } from './core/icons';

/**
 * The icon sets this server carries: Lucide. esbuild bundles the set into dist/ (the packaged
 * extension ships no node_modules); the import runs only when a glossary first asks for the set.
 */
export const loadBundledIconSet: IconSetLoader = async (set) => {
  if (set !== 'lucide') return undefined;
  const { icons, info } = await import('@iconify-json/lucide');
  return { ...icons, info };
};
