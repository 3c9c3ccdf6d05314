// Inline SVG: no icon font or remote images under the strict CSP. Icons are decorative (aria-hidden);
// the text next to them carries the meaning.
const PATHS = {
  today: "M4 6h16v14H4zM4 10h16M8 3v4M16 3v4M9 15l2 2 4-4",
  chart: "M4 20h16M6 16l4-5 3 3 5-7",
  people: "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21v-1a6 6 0 0 1 12 0v1M16 3.5a4 4 0 0 1 0 7.5M22 21v-1a6 6 0 0 0-4-5.6",
  companies: "M3 21h18M5 21V5l8-3v19M13 8h6v13M8 8h2M8 12h2M8 16h2M16 12h1M16 16h1",
  deals: "M4 4h4v16H4zM10 4h4v10h-4zM16 4h4v6h-4z",
  tasks: "M4 5h2v2H4zM4 11h2v2H4zM4 17h2v2H4zM9 6h11M9 12h11M9 18h11",
  trash: "M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6",
  settings: "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19 12l2-1-1-3-2 .2-1.3-1.5.4-2.1-2.8-1.2L13 4h-2l-1.3 1.4-2.8 1.2.4 2.1L6 10.2 4 10l-1 3 2 1 .3 2-1.3 1.7 2 2.3 1.9-.9 1.7 1.1.4 2h3l.4-2 1.7-1.1 1.9.9 2-2.3-1.3-1.7z",
  search: "M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM21 21l-5-5",
  plus: "M12 5v14M5 12h14",
  call: "M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z",
  note: "M5 3h10l4 4v14H5zM14 3v5h5M8 12h8M8 16h6",
  email: "M3 5h18v14H3zM3 6l9 7 9-7",
  meeting: "M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM16 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM2 20a6 6 0 0 1 12 0M10 20a6 6 0 0 1 12 0",
  chat: "M4 4h16v12H8l-4 4z",
  order: "M6 3h12v18l-3-2-3 2-3-2-3 2zM9 8h6M9 12h6M9 16h4",
  visit: "M12 21s-7-6.5-7-12a7 7 0 0 1 14 0c0 5.5-7 12-7 12zM12 12a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
  edit: "M4 20h4L19 9l-4-4L4 16zM14 6l4 4",
  close: "M6 6l12 12M18 6L6 18",
  check: "M5 12l5 5L20 7",
  attach: "M16 6l-8 8a2 2 0 0 0 3 3l8-8a4 4 0 0 0-6-6l-8 8a6 6 0 0 0 9 9l7-7",
  send: "M4 12l16-8-6 16-3-7zM11 13l9-9",
  sync: "M4 12a8 8 0 0 1 14-5.3M20 4v4h-4M20 12a8 8 0 0 1-14 5.3M4 20v-4h4",
  warning: "M12 3l10 18H2zM12 10v5M12 18h.01",
  more: "M5 12h.01M12 12h.01M19 12h.01",
  sortAsc: "M12 6l-5 6h10z",
  sortDesc: "M12 18l-5-6h10z",
  back: "M15 5l-7 7 7 7",
  restore: "M4 12a8 8 0 1 0 2.3-5.7L4 8.6M4 4v4.6h4.6",
  clock: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3 2",
  bell: "M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0",
  repeat: "M4 11V9a3 3 0 0 1 3-3h12M16 3l3 3-3 3M20 13v2a3 3 0 0 1-3 3H5M8 21l-3-3 3-3",
  filter: "M3 5h18l-7 8v6l-4 2v-8z",
  callIn: "M20 4l-7 7M13 5v6h6",
  callOut: "M13 11l7-7M14 4h6v6",
  upload: "M12 16V4M7 9l5-5 5 5M4 20h16",
  up: "M6 15l6-6 6 6",
  down: "M6 9l6 6 6-6",
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
