// The EHR's SMART style as CSS custom properties on the document root; styles.css reads them with fallbacks.
import { SMART_STYLE_KEYS, type SmartStyle, type SmartStyleKey } from '../smart/smart-style.ts';

/** `color_background` → `--smart-color-background`. */
export function smartStyleProperty(key: SmartStyleKey): string {
  return `--smart-${key.replaceAll('_', '-')}`;
}

export function smartStyleCssProperties(style: SmartStyle): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const key of SMART_STYLE_KEYS) {
    const value = style[key];
    if (value !== undefined) properties[smartStyleProperty(key)] = value;
  }
  return properties;
}

/** Applies the style and records the outcome on `data-smart-style` (applied | unavailable) for tests and support. */
export function applySmartStyle(style: SmartStyle, root: HTMLElement = document.documentElement): void {
  for (const [property, value] of Object.entries(smartStyleCssProperties(style))) {
    root.style.setProperty(property, value);
  }
  root.dataset['smartStyle'] = 'applied';
}

/** The style document could not be loaded or read: Chartside keeps its own look, which is fine. */
export function markSmartStyleUnavailable(root: HTMLElement = document.documentElement): void {
  root.dataset['smartStyle'] = 'unavailable';
}
