//! Prints the size of the views drawn for a corpus directory (raw and by part).
use loupe_engine::load_dir;
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "seeds".into());
    let c = load_dir(std::path::Path::new(&dir)).unwrap();
    println!("network {} bytes", c.views.network.len());
    for (e, m) in &c.views.ownership {
        println!("ownership {} {} bytes", c.entities.entities[*e as usize].name, m.len());
    }
    std::fs::write("/tmp/ns/net.html", &c.views.network).unwrap();
}
