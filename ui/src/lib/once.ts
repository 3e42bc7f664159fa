/** Ignores the second click of a double click (event.detail counts clicks; keyboard "clicks" are 0). */
export function once<E extends MouseEvent>(handler: (e: E) => void): (e: E) => void {
  return (e) => {
    if (e.detail > 1) return;
    handler(e);
  };
}
