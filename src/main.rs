fn main() {
    loupe::app::mount();
}
