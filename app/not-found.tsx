export default function NotFound() {
  return (
    <div className="card mx-auto max-w-xl">
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="mt-2">
        There is no page at this address. <a href="/">Go to the home page</a>.
      </p>
    </div>
  );
}
