import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RegistrationValues } from '../../shared/index.js';
import { strings as fr } from '../i18n/fr.js';
import { renderInPanel } from '../testing/render.js';
import { RegistrationCard } from './RegistrationCard.js';

afterEach(cleanup);

describe('registration card', () => {
  it('asks the fields the bot names, each required, and sends them as one answer', () => {
    const onRegister = vi.fn<(values: RegistrationValues) => void>();
    renderInPanel(<RegistrationCard fields={['name', 'email', 'phone']} onRegister={onRegister} />);
    const name = screen.getByLabelText('Your name') as HTMLInputElement;
    const email = screen.getByLabelText('Your email') as HTMLInputElement;
    const phone = screen.getByLabelText('Your phone number') as HTMLInputElement;
    expect([name.required, email.type, phone.type, phone.autocomplete]).toEqual([true, 'email', 'tel', 'tel']);

    fireEvent.input(name, { target: { value: '  Zoe Quinn ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start chat' }));
    expect(onRegister).not.toHaveBeenCalled(); // email and phone are missing

    fireEvent.input(email, { target: { value: 'zoe@example.com' } });
    fireEvent.input(phone, { target: { value: '+1 555 0101' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start chat' }));
    expect(onRegister).toHaveBeenCalledExactlyOnceWith({ name: 'Zoe Quinn', email: 'zoe@example.com', phone: '+1 555 0101' });
  });

  it("speaks the visitor's language", () => {
    renderInPanel(<RegistrationCard fields={['name']} onRegister={() => undefined} />, { t: fr });
    expect(screen.getByText(fr.registrationIntro)).toBeTruthy();
    expect(screen.getByLabelText('Votre nom')).toBeTruthy();
    expect(screen.queryByLabelText(fr.email)).toBeNull();
  });
});
