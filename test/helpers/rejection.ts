/** The error `work` rejects with; fails the test if it resolves instead. */
export async function rejection(work: Promise<unknown>): Promise<Error> {
  return work.then(
    () => {
      throw new Error('resolved');
    },
    (error: Error) => error,
  );
}
