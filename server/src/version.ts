/** The product's version, from package.json (esbuild keeps only this field of it in the bundles). */
export { version as VERSION } from '../../package.json';
