import type { Bilingual } from '../shared/i18n';

/** The words of the account pages: change, forgot and reset password, and the admin's reset. */
export const A = {
  account: { id: 'Akun saya', en: 'My account' },
  changeTitle: { id: 'Ganti kata sandi', en: 'Change password' },
  currentPassword: { id: 'Kata sandi saat ini', en: 'Current password' },
  newPassword: { id: 'Kata sandi baru', en: 'New password' },
  repeatPassword: { id: 'Ulangi kata sandi baru', en: 'Repeat the new password' },
  notSame: { id: 'Kedua kata sandi baru tidak sama.', en: 'The two new passwords differ.' },
  rulesTitle: { id: 'Kata sandi harus:', en: 'The password must be:' },
  changed: { id: 'Kata sandi diganti. Sesi Anda di perangkat lain telah diakhiri.', en: 'Password changed. Your sessions on other devices have ended.' },
  change: { id: 'Ganti kata sandi', en: 'Change password' },
  forgotLink: { id: 'Lupa kata sandi?', en: 'Forgot your password?' },
  forgotTitle: { id: 'Lupa kata sandi', en: 'Forgot password' },
  forgotIntro: {
    id: 'Tulis email akun Anda. Jika terdaftar, kami kirim tautan untuk membuat kata sandi baru.',
    en: 'Enter your account’s email. If it is registered, we mail you a link to choose a new password.',
  },
  sendLink: { id: 'Kirim tautan', en: 'Send the link' },
  linkSent: {
    id: 'Jika email itu terdaftar, tautan atur ulang kata sandi sudah dikirim. Periksa kotak masuk Anda; tautan hanya dapat dipakai sekali.',
    en: 'If that email is registered, a password-reset link is on its way. Check your inbox; the link works only once.',
  },
  backToLogin: { id: 'Kembali ke halaman masuk', en: 'Back to the login page' },
  resetTitle: { id: 'Buat kata sandi baru', en: 'Choose a new password' },
  resetSave: { id: 'Simpan kata sandi baru', en: 'Save the new password' },
  resetDone: { id: 'Kata sandi baru tersimpan. Semua sesi telah diakhiri; silakan masuk.', en: 'The new password is saved. Every session has ended; please log in.' },
  resetNoToken: { id: 'Tautan ini tidak lengkap. Buka lagi tautan dari email, atau minta tautan baru.', en: 'This link is incomplete. Open the link from the mail again, or ask for a new one.' },
  adminPassword: { id: 'Kata sandi', en: 'Password' },
  adminGenerate: { id: 'Buat kata sandi baru', en: 'Generate a new password' },
  adminMail: { id: 'Kirim tautan atur ulang', en: 'Mail a reset link' },
  adminGenerated: {
    id: 'Kata sandi baru {name}: {password} — hanya ditampilkan sekali ini. Sampaikan secara langsung; semua sesinya telah diakhiri.',
    en: 'New password for {name}: {password} — shown only this once. Hand it over in person; all their sessions have ended.',
  },
  adminMailed: { id: 'Tautan atur ulang kata sandi dikirim ke {email}.', en: 'A password-reset link was mailed to {email}.' },
  adminOwn: { id: 'Ganti kata sandi Anda sendiri di halaman Akun saya.', en: 'Change your own password on the My account page.' },
} as const satisfies Record<string, Bilingual>;
