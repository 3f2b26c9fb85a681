export interface HeaderProps {
  title: string;
  subtitle?: string;
  onClose(): void;
}

export function Header({ title, subtitle, onClose }: HeaderProps) {
  return (
    <header class="header">
      <div class="heading">
        <h2 class="title">{title}</h2>
        {subtitle && <p class="subtitle">{subtitle}</p>}
      </div>
      <button type="button" class="icon-button" aria-label="Close chat" onClick={onClose}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4Z" />
        </svg>
      </button>
    </header>
  );
}
