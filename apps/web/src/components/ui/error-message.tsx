export function ErrorMessage({ error }: { error: { message: string } | string | null | undefined }) {
  if (!error) return null;
  return (
    <p className="alert error" role="alert">
      {typeof error === 'string' ? error : error.message}
    </p>
  );
}
