// SMS segment arithmetic, character by character as Twilio's Message Segment Calculator does
// (github.com/TwilioDevEd/message-segment-calculator): GSM-7 when every character is in the GSM 03.38
// alphabet (basic table 1 septet, extension table 2: an escape plus the character), else UCS-2
// (UTF-16 code units, 2 for a surrogate pair). One segment holds 160 septets / 70 units; a longer
// message is concatenated and each part loses 7 septets / 3 units to the User Data Header, so it
// holds 153 / 67. A character is never split across parts: an extension pair, a surrogate pair or a
// whole grapheme (an emoji with its skin tone) that does not fit the part's free room starts the next
// part, so dividing the total by 153 undercounts (152 a + € + 152 a is 3 segments, not 2).
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

export const GSM7_SINGLE = 160;
export const GSM7_PART = 153;
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
  encoding: SmsEncoding;
  // Septets (GSM-7) or UTF-16 code units (UCS-2) of the whole body, without headers.
  units: number;
  segments: number;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

// The septets of each indivisible character when every one is in the GSM alphabet, else null.
// Character by character, without a grapheme segmenter (the costly part of counting, and every
// reply is counted): the only grapheme made of two GSM characters is CR LF, one indivisible pair of
// basic characters; no GSM character combines with another.
function gsmSizes(body: string): number[] | null {
  const sizes: number[] = [];
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i];
    if (ch === '\r' && body[i + 1] === '\n') {
      sizes.push(2);
      i += 1;
    } else if (BASIC.has(ch)) sizes.push(1);
    else if (EXTENDED.has(ch)) sizes.push(2);
    else return null;
  }
  return sizes;
}

// Packs indivisible character sizes into parts: one part when the whole fits `single`, else greedily
// `part` per segment, a character that does not fit opening the next one.
function pack(sizes: number[], single: number, part: number): { units: number; segments: number } {
  const units = sizes.reduce((a, b) => a + b, 0);
  if (units <= single) return { units, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > part) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { units, segments };
}

export function countSegments(body: string): SegmentInfo {
  const septets = gsmSizes(body);
  if (septets) return { encoding: 'GSM-7', ...pack(septets, GSM7_SINGLE, GSM7_PART) };
  const chars = Array.from(graphemes.segment(body), (s) => s.segment);
  return { encoding: 'UCS-2', ...pack(chars.map((c) => c.length), UCS2_SINGLE, UCS2_PART) };
}
