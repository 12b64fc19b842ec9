/** Shows a flame graph's tooltip beside the pointer: the first line (the function name) bold, textContent only. */
export function showTooltip(el: HTMLElement, event: MouseEvent, lines: string[]) {
  const [title, ...rest] = lines;
  const head = document.createElement("div");
  head.className = "break-all font-mono font-semibold";
  head.textContent = title;
  el.replaceChildren(
    head,
    ...rest.map((line) => {
      const div = document.createElement("div");
      div.className = "mt-0.5 tabular-nums";
      div.textContent = line;
      return div;
    }),
  );
  el.style.display = "block";
  const { innerWidth, innerHeight } = window;
  const box = el.getBoundingClientRect();
  let left = event.clientX + 14;
  let top = event.clientY + 14;
  if (left + box.width > innerWidth - 8) left = Math.max(8, event.clientX - box.width - 14);
  if (top + box.height > innerHeight - 8) top = Math.max(8, event.clientY - box.height - 14);
  el.style.left = `${left}px`;
  el.style.top = `${top}px`;
}
