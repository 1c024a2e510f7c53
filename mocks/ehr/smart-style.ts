// The SMART style document behind a token response's `smart_style_url` (SMART App Launch 2.2 §"Styling"):
// colours, sizes and fonts an embedded app may use to look at home in the EHR. Each profile gets its own
// palette, so a screenshot shows at once which EHR the app was launched from.
import type { EhrProfile, EhrProfileId } from './profiles.ts';

export interface SmartStyle {
  readonly color_background: string;
  readonly color_error: string;
  readonly color_highlight: string;
  readonly color_modal_backdrop: string;
  readonly color_success: string;
  readonly color_text: string;
  readonly dim_border_radius: string;
  readonly dim_font_size: string;
  readonly dim_spacing_size: string;
  readonly font_family_body: string;
  readonly font_family_heading: string;
}

const SMART_STYLES: Readonly<Record<EhrProfileId, SmartStyle>> = {
  // The example style document of the SMART App Launch specification (warm paper, teal highlight).
  sandbox: {
    color_background: '#edeae3',
    color_error: '#9e2d2d',
    color_highlight: '#69b5ce',
    color_modal_backdrop: '',
    color_success: '#498e49',
    color_text: '#303030',
    dim_border_radius: '6px',
    dim_font_size: '13px',
    dim_spacing_size: '20px',
    font_family_body: "Georgia, Times, 'Times New Roman', serif",
    font_family_heading: "'HelveticaNeue-Light', Helvetica, Arial, 'Lucida Grande', sans-serif",
  },
  // Decoded from the style URL in Epic's OAuth 2.0 tutorial ("Retrieving Launch Context"): cool grey, Epic
  // blue highlight, square corners, 10px type. Epic's sample leaves the spacing empty; so does this one, as
  // every SMART style key is optional and an app must fall back on its own value.
  epic: {
    color_background: '#F0F2F4',
    color_error: '#C12127',
    color_highlight: '#1AABFF',
    color_modal_backdrop: '#D3D8DE',
    color_success: '#86B540',
    color_text: '#000000',
    dim_border_radius: '0px',
    dim_font_size: '10px',
    dim_spacing_size: '',
    font_family_body: 'Arial, sans-serif',
    font_family_heading: "'Segoe UI', Arial, sans-serif",
  },
  // Oracle Health publishes no style document; this one is made up in Oracle's brand red on off-white.
  oracle: {
    color_background: '#FBF9F8',
    color_error: '#A32A1C',
    color_highlight: '#C74634',
    color_modal_backdrop: 'rgba(49, 45, 42, 0.6)',
    color_success: '#508223',
    color_text: '#312D2A',
    dim_border_radius: '4px',
    dim_font_size: '14px',
    dim_spacing_size: '12px',
    font_family_body: "'Oracle Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif",
    font_family_heading: "'Oracle Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif",
  },
};

export function smartStyle(profile: EhrProfile): SmartStyle {
  return SMART_STYLES[profile.id];
}

export function smartStyleUrl(profile: EhrProfile, origin: string): string {
  return `${origin}${profile.authBasePath}/smart-style.json`;
}
