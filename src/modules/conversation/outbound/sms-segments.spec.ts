import { countSegments } from './sms-segments';

const a = (n: number) => 'a'.repeat(n);
const digits = (n: number) => Array.from({ length: n }, (_, i) => String((i + 2) % 10)).join('');

describe('countSegments', () => {
  it('counts GSM-7 bodies at 160 then 153 per part', () => {
    expect(countSegments(a(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments(a(161)).segments).toBe(2);
    expect(countSegments(a(306)).segments).toBe(2);
    expect(countSegments(a(307)).segments).toBe(3);
    expect(countSegments('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 1 });
  });

  it('counts extension characters as two septets', () => {
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('€'.repeat(81)).segments).toBe(2);
  });

  it('never splits an extension pair across parts: 152 a + € + 152 a is 3 segments', () => {
    // Dividing the 306 septets by 153 would say 2; the € does not fit the first part's last septet.
    expect(countSegments(`${a(152)}€${a(152)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
    // The same body with the € one place earlier fits exactly.
    expect(countSegments(`${a(151)}€${a(153)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 2 });
  });

  it('keeps CR LF (one grapheme) whole, while a lone CR or LF is one septet like any basic character', () => {
    // 152 a + CR LF: the pair does not fit the first part's last septet and opens the second.
    expect(countSegments(`${a(152)}\r\n${a(152)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
    // LF CR is two graphemes: the LF fills the first part, the CR starts the second.
    expect(countSegments(`${a(152)}\n\r${a(152)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 2 });
    expect(countSegments(`${a(152)}\ra${a(152)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 2 });
    expect(countSegments('a\r')).toEqual({ encoding: 'GSM-7', units: 2, segments: 1 });
    expect(countSegments('\r\n\r\n')).toEqual({ encoding: 'GSM-7', units: 4, segments: 1 });
    // Any other two characters are two graphemes: odd lengths and a basic character before an extension one.
    expect(countSegments('abc')).toEqual({ encoding: 'GSM-7', units: 3, segments: 1 });
    // Only CR before LF pairs: 153 a fill the first part and the LF opens the second.
    expect(countSegments(`${a(153)}\n${a(152)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 2 });
    expect(countSegments('a€')).toEqual({ encoding: 'GSM-7', units: 3, segments: 1 });
  });

  it('reads a body as UCS-2 when its only non-GSM character comes last, or after an extension character', () => {
    expect(countSegments(`${a(100)}€✓`)).toEqual({ encoding: 'UCS-2', units: 102, segments: 2 });
    expect(countSegments(`\r\n✓`)).toEqual({ encoding: 'UCS-2', units: 3, segments: 1 });
  });

  it('never splits a surrogate pair (an emoji) across parts', () => {
    // 66 units then an emoji (2): the first part has one unit left, the emoji opens the second.
    expect(countSegments(`${'ü'.repeat(66)}😀${'ü'.repeat(66)}`)).toEqual({ encoding: 'UCS-2', units: 134, segments: 3 });
    expect(countSegments(`${'ü'.repeat(65)}😀${'ü'.repeat(67)}`)).toEqual({ encoding: 'UCS-2', units: 134, segments: 2 });
    // A grapheme with a skin tone (4 units) stays whole, as in Twilio's calculator.
    expect(countSegments(`${'ü'.repeat(65)}👍🏽${'ü'.repeat(65)}`).segments).toBe(3);
  });

  it('falls back to UCS-2 for anything outside the GSM alphabet', () => {
    expect(countSegments('hi 👋')).toEqual({ encoding: 'UCS-2', units: 5, segments: 1 });
    expect(countSegments('ü'.repeat(100) + '✓').segments).toBe(2);
    expect(countSegments('✓'.repeat(671)).segments).toBe(11);
  });

  // The examples of Twilio's Message Segment Calculator (TwilioDevEd/message-segment-calculator,
  // tests/index.test.js and tests/segments.test.js).
  describe("Twilio's calculator examples", () => {
    it('GSM-7 with an escape character in one segment: { + 158 digits = 160 septets', () => {
      expect(countSegments(`{${digits(158)}`)).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    });
    it('GSM-7 with an escape character in two segments: { + 159 digits = 161 septets', () => {
      expect(countSegments(`{${digits(159)}`)).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    });
    it('UCS-2 in one segment: an emoji + 68 digits = 70 units', () => {
      expect(countSegments(`😜${digits(68)}`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    });
    it('UCS-2 in two segments: an emoji + 69 digits = 71 units', () => {
      expect(countSegments(`😜${digits(69)}`)).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    });
    it('307 GSM-7 characters: 3 segments, the last holding one character', () => {
      expect(countSegments(digits(307)).segments).toBe(3);
    });
    it('an emoji + 133 digits (135 units): 3 UCS-2 segments, the last holding one character', () => {
      expect(countSegments(`😜${digits(133)}`)).toEqual({ encoding: 'UCS-2', units: 135, segments: 3 });
    });
  });
});
