/** The platform mark: a heart held in a ring, in union red. */
export function Logo({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" role="img" aria-label="精准帮扶 Precision Aid" style={{ flex: 'none' }}>
      <circle cx="32" cy="32" r="30" fill="#c4161c" stroke="#fff" strokeWidth="3" />
      <circle cx="32" cy="32" r="22" fill="none" stroke="#ffd666" strokeWidth="2" strokeDasharray="4 3" />
      <path d="M32 46 C20 37 16 31 16 25.5 C16 21 19.5 18 23.5 18 C27 18 30 20 32 23 C34 20 37 18 40.5 18 C44.5 18 48 21 48 25.5 C48 31 44 37 32 46 Z" fill="#fff" />
      <path d="M26 30 h12 M32 24 v12" stroke="#c4161c" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
