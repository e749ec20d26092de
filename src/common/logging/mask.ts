// Phone numbers appear in logs only masked.
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 4) return '***';
  return `${phone.startsWith('+') ? '+' : ''}***${digits.slice(-2)}`;
}

