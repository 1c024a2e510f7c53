// The EHR's style document (token response `smart_style_url`, SMART App Launch 2.2 §"Styling"): colours,
// sizes and fonts that make an embedded app look at home. Every key is optional; a value that is not a
// plain colour, length or font list is dropped, so a style document cannot smuggle `url(...)` into CSS.
import { z } from '../shared/zod-mini.ts';

const COLOR = /^(?:#[0-9a-fA-F]{3,8}|(?:rgb|rgba|hsl|hsla)\(\s*[\d.%\s,/+-]+\)|[a-zA-Z]{3,30})$/u;
const LENGTH = /^(?:0|\d{1,4}(?:\.\d{1,4})?(?:px|em|rem|pt|%))$/u;
const FONT_FAMILY = /^[\w\s,'"-]{1,200}$/u;

/** A value of the given shape, or undefined when missing, empty or anything else. */
const cssValue = (shape: RegExp) =>
  z.catch(z.optional(z.string().check(z.trim(), z.regex(shape))), undefined);

const smartStyleSchema = z.looseObject({
  color_background: cssValue(COLOR),
  color_error: cssValue(COLOR),
  color_highlight: cssValue(COLOR),
  color_modal_backdrop: cssValue(COLOR),
  color_success: cssValue(COLOR),
  color_text: cssValue(COLOR),
  dim_border_radius: cssValue(LENGTH),
  dim_font_size: cssValue(LENGTH),
  dim_spacing_size: cssValue(LENGTH),
  font_family_body: cssValue(FONT_FAMILY),
  font_family_heading: cssValue(FONT_FAMILY),
});

export const SMART_STYLE_KEYS = [
  'color_background',
  'color_error',
  'color_highlight',
  'color_modal_backdrop',
  'color_success',
  'color_text',
  'dim_border_radius',
  'dim_font_size',
  'dim_spacing_size',
  'font_family_body',
  'font_family_heading',
] as const;

export type SmartStyleKey = (typeof SMART_STYLE_KEYS)[number];
export type SmartStyle = Partial<Record<SmartStyleKey, string>>;

/** The usable values of a style document; throws when it is not a JSON object. */
export function parseSmartStyle(raw: unknown): SmartStyle {
  const parsed = smartStyleSchema.parse(raw);
  const style: SmartStyle = {};
  for (const key of SMART_STYLE_KEYS) {
    const value = parsed[key];
    if (value !== undefined) style[key] = value;
  }
  return style;
}

export async function fetchSmartStyle(url: string, signal?: AbortSignal): Promise<SmartStyle> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new Error(`The SMART style URL is not http(s): ${url}`);
  }
  // No cookies or tokens: the style document is public, often on another origin than the app.
  const response = await fetch(target, {
    credentials: 'omit',
    headers: { accept: 'application/json' },
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) throw new Error(`The SMART style document ${url} answered HTTP ${response.status}`);
  return parseSmartStyle(await response.json());
}
