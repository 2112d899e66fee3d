// Talc (a maintained allocator for WebAssembly) rather than the standard
// library's dlmalloc: 2.8 KB gzip less in the first load (measured with the
// release build after wasm-opt). The one `unsafe` of the workspace: talc's
// wasm allocator must be the only one that grows the memory, which a global
// allocator is.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
#[allow(unsafe_code)]
static ALLOC: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

fn main() {
    loupe::app::mount();
}
