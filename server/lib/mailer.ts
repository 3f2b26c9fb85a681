import nodemailer from 'nodemailer';

/** SMTP_URL (or SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASS) and SMTP_FROM. */
export interface SmtpConfig {
  /** smtp://user:pass@host:port (STARTTLS when offered) or smtps://… (TLS from the start). */
  url: string;
  from: string;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** What sends mail: SMTP in the server, whatever a test likes elsewhere. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/** Sends over SMTP with nodemailer; one pooled transport for the server's life. */
export function smtpMailer(smtp: SmtpConfig): Mailer {
  const transport = nodemailer.createTransport(smtp.url);
  return {
    async send(mail) {
      await transport.sendMail({ from: smtp.from, ...mail });
    },
  };
}

/** The SMTP URL of the variables: SMTP_URL itself, or one built from host, port, user and password. */
export function smtpUrlOf(env: { url?: string | undefined; host?: string | undefined; port?: number | undefined; user?: string | undefined; pass?: string | undefined }): string | undefined {
  if (env.url) return env.url;
  if (!env.host) return undefined;
  const port = env.port ?? 587;
  const auth = env.user ? `${encodeURIComponent(env.user)}${env.pass ? `:${encodeURIComponent(env.pass)}` : ''}@` : '';
  // Port 465 speaks TLS from the first byte; the others upgrade with STARTTLS when offered.
  return `${port === 465 ? 'smtps' : 'smtp'}://${auth}${env.host}:${port}`;
}
